#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <nisim/output/compare.hpp>

namespace nisim::output {
namespace {

namespace fs = std::filesystem;

class CompareTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root = fs::temp_directory_path() / ("nisim_compare_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root);
    fs::create_directories(root);
  }
  void TearDown() override { fs::remove_all(root); }
  fs::path folder(const std::string& name, const std::string& version, const std::string& csv) {
    const fs::path d = root / name;
    fs::create_directories(d);
    std::ofstream(d / "manifest.json") << R"({"nisim_version":")" << version
                                       << R"(","scenario":{"name":")" << name << R"("},"seed":1})";
    std::ofstream(d / "indicators.csv") << "run,scenario,seed,year,indicator,value\n" << csv;
    return d;
  }
  fs::path root;
};

TEST_F(CompareTest, DifferencesAreOtherMinusReferenceOnSharedYears) {
  auto a = folder("a", "0.1.0", "1,a,1,2010,gerd,100\n1,a,1,2011,gerd,110\n1,a,1,2010,zero,0\n");
  auto b = folder("b", "0.1.0", "1,b,1,2010,gerd,120\n1,b,1,2012,gerd,130\n1,b,1,2010,zero,0\n");
  const auto rows = compare_folders({read_run_folder(a), read_run_folder(b)});
  ASSERT_EQ(rows.size(), 2u);  // gerd 2010 and zero 2010; 2011 and 2012 are not shared
  const auto& g = rows[0].indicator == "gerd" ? rows[0] : rows[1];
  EXPECT_EQ(g.year, 2010);
  EXPECT_DOUBLE_EQ(g.difference, 20);
  EXPECT_DOUBLE_EQ(g.relative, 0.2);
  const auto& z = rows[0].indicator == "zero" ? rows[0] : rows[1];
  EXPECT_DOUBLE_EQ(z.relative, 0);
  const std::string summary = summarise_differences(rows);
  EXPECT_NE(summary.find("gerd"), std::string::npos) << summary;
  EXPECT_NE(summary.find("20.0%"), std::string::npos) << summary;
}

TEST_F(CompareTest, DifferentVersionsAreRefused) {
  auto a = folder("a", "0.1.0", "1,a,1,2010,gerd,100\n");
  auto b = folder("b", "0.2.0", "1,b,1,2010,gerd,100\n");
  try {
    compare_folders({read_run_folder(a), read_run_folder(b)});
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("0.2.0"), std::string::npos) << e.what();
  }
}

TEST_F(CompareTest, MissingFilesAreNamed) {
  fs::create_directories(root / "empty");
  try {
    read_run_folder(root / "empty");
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("manifest.json"), std::string::npos) << e.what();
  }
  EXPECT_THROW(read_run_folder(root / "nope"), std::invalid_argument);
}

TEST_F(CompareTest, CsvHasATidyHeader) {
  auto a = folder("a", "0.1.0", "1,a,1,2010,gerd,100\n");
  auto b = folder("b", "0.1.0", "1,b,1,2010,gerd,50\n");
  write_differences_csv(root / "d.csv", compare_folders({read_run_folder(a), read_run_folder(b)}));
  std::ifstream in(root / "d.csv");
  std::string header, row;
  std::getline(in, header);
  std::getline(in, row);
  EXPECT_EQ(header, "indicator,year,reference,other,reference_value,other_value,difference,relative_difference");
  EXPECT_EQ(row, "gerd,2010,a (seed 1),b (seed 1),100,50,-50,-0.5");
}

}  // namespace
}  // namespace nisim::output
