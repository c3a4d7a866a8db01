#include <nisim/output/run_folder.hpp>

#include <charconv>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <nisim/engine/csv.hpp>

#include "temp_dir.hpp"

namespace fs = std::filesystem;
using nisim::output::IndicatorRow;
using nisim::output::RunIdentity;
using nisim::output::write_indicators_csv;
using nisim::test_support::TempDir;
using nisim::test_support::read_file;

TEST(IndicatorsCsv, ExactHeaderAndRows) {
  TempDir tmp;
  const fs::path file = tmp.path() / "indicators.csv";
  const RunIdentity id{"run-0001", "baseline", 42};
  write_indicators_csv(file, id,
                       {{2010, "gerd_cny_bn", 706.3},
                        {2010, "researchers_fte", 1210000},
                        {2011, "gerd_cny_bn", 0.1},
                        {2011, "big", 1e21},
                        {2011, "small", -2.5e-300}});
  EXPECT_EQ(read_file(file),
            "run,scenario,seed,year,indicator,value\n"
            "run-0001,baseline,42,2010,gerd_cny_bn,706.3\n"
            "run-0001,baseline,42,2010,researchers_fte,1210000\n"
            "run-0001,baseline,42,2011,gerd_cny_bn,0.1\n"
            "run-0001,baseline,42,2011,big,1e+21\n"
            "run-0001,baseline,42,2011,small,-2.5e-300\n");
}

TEST(IndicatorsCsv, ValuesRoundTripExactly) {
  TempDir tmp;
  const fs::path file = tmp.path() / "indicators.csv";
  const std::vector<double> values = {1.0 / 3.0, 0.1 + 0.2, 1e-320, 123456789.123456789,
                                      std::numeric_limits<double>::max(), -0.0, 5e-324};
  std::vector<IndicatorRow> rows;
  for (std::size_t i = 0; i < values.size(); ++i)
    rows.push_back({2010 + static_cast<int>(i), "x", values[i]});
  write_indicators_csv(file, {"r", "s", 1}, rows);
  const auto table = nisim::engine::CsvTable::parse(read_file(file), file.string());
  ASSERT_EQ(table.rows(), values.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    const std::string& cell = table.at(i, "value");
    double back = 0;
    const auto res = std::from_chars(cell.data(), cell.data() + cell.size(), back);
    EXPECT_EQ(res.ec, std::errc()) << cell;  // from_chars, unlike stod, accepts subnormals
    EXPECT_EQ(back, values[i]) << cell;
    EXPECT_EQ(std::signbit(back), std::signbit(values[i])) << cell;
    EXPECT_EQ(cell, fmt::format("{}", values[i]));
  }
  // 0.1 + 0.2 is not 0.3 and must not be printed as such.
  EXPECT_EQ(table.at(1, "value"), "0.30000000000000004");
}

TEST(IndicatorsCsv, EscapesScenarioWithComma) {
  TempDir tmp;
  const fs::path file = tmp.path() / "indicators.csv";
  write_indicators_csv(file, {"run \"a\"", "tax credit, high", 7}, {{2020, "gerd_cny_bn", 2.5}});
  EXPECT_EQ(read_file(file),
            "run,scenario,seed,year,indicator,value\n"
            "\"run \"\"a\"\"\",\"tax credit, high\",7,2020,gerd_cny_bn,2.5\n");
  const auto table = nisim::engine::CsvTable::parse(read_file(file), file.string());
  ASSERT_EQ(table.rows(), 1u);
  EXPECT_EQ(table.at(0, "scenario"), "tax credit, high");
  EXPECT_EQ(table.at(0, "run"), "run \"a\"");
}

TEST(IndicatorsCsv, LargeSeedPrintedUnsigned) {
  TempDir tmp;
  const fs::path file = tmp.path() / "indicators.csv";
  write_indicators_csv(file, {"r", "s", 18446744073709551615ull}, {{2020, "x", 1}});
  EXPECT_EQ(read_file(file), "run,scenario,seed,year,indicator,value\nr,s,18446744073709551615,2020,x,1\n");
}

TEST(IndicatorsCsv, EmptyRowsGiveHeaderOnly) {
  TempDir tmp;
  const fs::path file = tmp.path() / "indicators.csv";
  write_indicators_csv(file, {"r", "s", 1}, {});
  EXPECT_EQ(read_file(file), "run,scenario,seed,year,indicator,value\n");
}

TEST(IndicatorsCsv, NonFiniteValueIsRejectedWithItsName) {
  TempDir tmp;
  const fs::path file = tmp.path() / "indicators.csv";
  for (double bad : {std::nan(""), std::numeric_limits<double>::infinity()}) {
    try {
      write_indicators_csv(file, {"r", "s", 1}, {{2010, "ok", 1}, {2031, "patents_granted", bad}});
      FAIL() << "expected std::invalid_argument";
    } catch (const std::invalid_argument& e) {
      const std::string msg = e.what();
      EXPECT_NE(msg.find("patents_granted"), std::string::npos) << msg;
      EXPECT_NE(msg.find("2031"), std::string::npos) << msg;
    }
  }
  EXPECT_FALSE(fs::exists(file));  // nothing half-written
}

TEST(WriteText, IsBinaryExactAndReportsErrors) {
  TempDir tmp;
  const std::string text("a\r\nb\0c\n", 7);
  nisim::output::write_text(tmp.path() / "t.bin", text);
  EXPECT_EQ(read_file(tmp.path() / "t.bin"), text);
  EXPECT_THROW(nisim::output::write_text(tmp.path() / "missing" / "t.txt", "x"),
               nisim::output::OutputError);
}
