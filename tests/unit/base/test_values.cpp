#include <doctest/doctest.h>

#include "opsflow/base/values.hpp"

using namespace opsflow;

TEST_CASE("durations in every documented form") {
  CHECK(*parse_duration("90s").value == 90);
  CHECK(*parse_duration("15m").value == 900);
  CHECK(*parse_duration("2h").value == 7200);
  CHECK(*parse_duration("1h30m").value == 5400);
  CHECK(*parse_duration("1.5h").value == 5400);
  CHECK(*parse_duration("2d").value == 2 * 86400);
  CHECK(*parse_duration("1w").value == 7 * 86400);
  CHECK(*parse_duration("1d2h3m4s").value == 86400 + 7200 + 180 + 4);
  CHECK(*parse_duration(" 0m ").value == 0);
}

TEST_CASE("a bare number is ambiguous and the hint suggests minutes") {
  auto p = parse_duration("15");
  REQUIRE_FALSE(p.value);
  CHECK(p.error == "bare number 15 is ambiguous: did you mean 15m?");
  CHECK_FALSE(p.hint.empty());
}

TEST_CASE("malformed durations fail with a reason") {
  CHECK(parse_duration("").error == "empty duration");
  CHECK(parse_duration("-5m").error == "negative duration '-5m'");
  CHECK(parse_duration("5x").error == "invalid duration '5x': unknown unit 'x'");
  CHECK(parse_duration("30m1h").error ==
        "invalid duration '30m1h': units must go from largest to smallest, once each");
  CHECK(parse_duration("1h30").error == "invalid duration '1h30': '30' has no unit");
  CHECK(parse_duration("h").error == "invalid duration 'h'");
  CHECK(parse_duration("1.h").error == "invalid duration '1.h'");
  // The unit is the whole character, not its first byte.
  CHECK(parse_duration("1月").error == "invalid duration '1月': unknown unit '月'");
}

TEST_CASE("a duration spelled out gets what was meant") {
  CHECK(parse_duration("1 day").error == "invalid duration '1 day': did you mean 1d?");
  CHECK(parse_duration("2 hours 30 min").error ==
        "invalid duration '2 hours 30 min': did you mean 2h30m?");
  CHECK(parse_duration("15 m").error == "invalid duration '15 m': did you mean 15m?");
  CHECK(parse_duration("1.5hrs").error == "invalid duration '1.5hrs': did you mean 1.5h?");
  CHECK(parse_duration("3天").error == "invalid duration '3天': did you mean 3d?");
  // Units out of order stay what they are: the suggestion must be a valid duration.
  CHECK(parse_duration("30 min 1 hour").error ==
        "invalid duration '30 min 1 hour': unknown unit ' '");
  CHECK(parse_duration("1 fortnight").error == "invalid duration '1 fortnight': unknown unit ' '");
  CHECK(parse_capacity("30 hours/week").error ==
        "capacity '30 hours/week': invalid duration '30 hours': did you mean 30h?");
}

TEST_CASE("messages quote long values as excerpts, whatever the parser") {
  const std::string long_text = "1" + std::string(100000, 'x');
  for (const std::string& error :
       {parse_duration(long_text).error, parse_rate(long_text).error,
        parse_rate("1/" + long_text).error, parse_date(long_text).error,
        parse_capacity(long_text).error, parse_capacity("1h/" + long_text).error,
        parse_probability(long_text).error}) {
    CHECK_FALSE(error.empty());
    CHECK(error.size() < 200);
    CHECK(error.find("xxxxx…") != std::string::npos);
  }
}

TEST_CASE("durations format back compactly") {
  CHECK(format_duration(0) == "0s");
  CHECK(format_duration(5400) == "1h30m");
  CHECK(format_duration(86400 * 2 + 60) == "2d1m");
  CHECK(format_duration(-900) == "-15m");
  CHECK(format_duration(1.5) == "1.5s");
  CHECK(format_duration_approx(5400.4) == "1h30m");
  CHECK(format_duration_approx(135374.2) == "1d13h36m");
  CHECK(format_duration_approx(29.6) == "30s");
}

TEST_CASE("rates convert to a weekly count") {
  CHECK(parse_rate("12/week").value->per_week() == doctest::Approx(12));
  CHECK(format_decimal(0.92, 2) == "0.92");
  CHECK(format_decimal(7.0, 2) == "7");
  CHECK(format_decimal(12345678.9, 6) == "12345678.9");
  CHECK(format_decimal(-0.0000001, 6) == "0");
  // One bound for every rate, however it is written; a long one is quoted in part.
  CHECK(parse_rate(std::string(400, '9') + "/day").error ==
        "rate '" + std::string(59, '9') +
            "…' is more than 1,000,000,000 a week, which no team "
            "does");
  CHECK(parse_rate("1e15/week").error ==
        "rate '1e15/week' is more than 1,000,000,000 a week, which no team does");
  CHECK(parse_rate("1e9/week").value->per_week() == 1e9);
  CHECK(parse_rate("2e5/day").value->per_week() == doctest::Approx(1.4e6));
  CHECK(parse_rate("-3/day").error == "invalid rate '-3/day': '-3' is not a non-negative number");
  CHECK(parse_rate("3/day").value->per_week() == doctest::Approx(21));
  CHECK(parse_rate("1/month").value->per_week() == doctest::Approx(7 / (365.25 / 12)));
  CHECK(parse_rate("1/quarter").value->per_week() == doctest::Approx(7 / (365.25 / 4)));
  CHECK(parse_rate("52/year").value->per_week() == doctest::Approx(52 * 7 / 365.25));
  CHECK(parse_rate("0.5/week").value->per_week() == doctest::Approx(0.5));
}

TEST_CASE("bad rates say what is wrong") {
  CHECK(parse_rate("12").error == "bare number 12 is ambiguous: did you mean 12/week?");
  CHECK(parse_rate("12/fortnight").error ==
        "invalid rate '12/fortnight': unknown period 'fortnight'");
  CHECK(parse_rate("-1/week").error == "invalid rate '-1/week': '-1' is not a non-negative number");
  CHECK(parse_rate("often").error == "invalid rate 'often'");
}

TEST_CASE("dates and date-times") {
  auto d = parse_date("2026-10-01");
  REQUIRE(d.value);
  CHECK(format_date(d.value->days) == "2026-10-01");
  CHECK_FALSE(d.value->has_time);
  CHECK(parse_date("1970-01-01").value->days == 0);
  CHECK(parse_date("2024-02-29").value);  // leap day
  auto t = parse_date("2026-10-01T09:30:00Z");
  REQUIRE(t.value);
  CHECK(t.value->seconds == d.value->seconds + 9 * 3600 + 30 * 60);
  auto offset = parse_date("2026-10-01T09:30:00+02:00");
  REQUIRE(offset.value);
  CHECK(offset.value->seconds == t.value->seconds - 2 * 3600);
  CHECK(parse_date("2026-10-01T09:30").value);
  CHECK(parse_date("2026-10-01T09:30:00.250-05:30").value);
}

TEST_CASE("timestamps of event logs: fractions, offsets, a space or T, naive as UTC") {
  auto micros = [](std::string_view text) {
    auto t = parse_date(text);
    REQUIRE_MESSAGE(t.value, t.error);
    return t.value->utc_micros();
  };
  const std::int64_t base = 1'318'339'540LL * 1'000'000;  // 2011-10-11T13:25:40Z
  CHECK(micros("2011-10-11T13:25:40Z") == base);
  CHECK(micros("2011-10-11 13:25:40") == base);  // naive: UTC
  CHECK(micros("2011-10-11 15:25:40+02:00") == base);
  CHECK(micros("2011-10-11T08:25:40-0500") == base);                    // an offset without a colon
  CHECK(micros("2011-10-11 15:25:40.276000+02:00") == base + 276'000);  // receipt.csv
  CHECK(micros("2011-10-11T13:25:40.5Z") == base + 500'000);
  CHECK(micros("2011-10-11T13:25:40,123456789Z") == base + 123'456);  // beyond µs: dropped
  CHECK(micros("2011-10-11T13:25:40.000001Z") == base + 1);
  CHECK(micros("2011-10-11") == (base / 1'000'000 - (13 * 3600 + 25 * 60 + 40)) * 1'000'000);
  CHECK(micros("1969-12-31T23:59:59.5Z") == -500'000);  // before 1970: still one timeline
  CHECK(micros("2011-10-11T24:00:00Z") == micros("2011-10-12T00:00:00Z"));
  CHECK(parse_date("2011-10-11T13:25:40.Z").error ==
        "invalid date '2011-10-11T13:25:40.Z': expected digits after the decimal point");
}

TEST_CASE("impossible dates are refused with the reason") {
  CHECK(parse_date("2026-02-29").error ==
        "invalid date '2026-02-29': day 29 does not exist in 2026-02");
  CHECK(parse_date("2026-13-01").error == "invalid date '2026-13-01': month 13 does not exist");
  CHECK(parse_date("01/10/2026").error == "invalid date '01/10/2026': expected YYYY-MM-DD");
  CHECK(parse_date("2026-10-01T25:00").error ==
        "invalid date '2026-10-01T25:00': time out of range");
  CHECK(parse_date("2026-10-01X").error ==
        "invalid date '2026-10-01X': unexpected text after the date");
}

TEST_CASE("days_from_civil and format_date are inverse") {
  for (std::int64_t day = -719162; day < 2932897; day += 997) {  // years 0001 to 9999
    auto text = format_date(day);
    CHECK(parse_date(text).value->days == day);
  }
}

TEST_CASE("probabilities") {
  CHECK(*parse_probability("0.2").value == doctest::Approx(0.2));
  CHECK(*parse_probability("20%").value == doctest::Approx(0.2));
  CHECK(*parse_probability("1").value == 1);
  CHECK(parse_probability("1.2").error == "probability 1.2 is outside 0..1");
  CHECK(parse_probability("-0.1").error == "probability -0.1 is outside 0..1");
  CHECK(parse_probability("half").error == "invalid probability 'half'");
}

TEST_CASE("numbers") {
  CHECK(*parse_number("42") == 42);
  CHECK(*parse_number("-3.5") == -3.5);
  CHECK(*parse_number("1e3") == 1000);
  CHECK_FALSE(parse_number("4h"));
  CHECK_FALSE(parse_number(""));
  CHECK_FALSE(parse_number("1e999"));
}

TEST_CASE("absurd durations are refused instead of becoming infinity") {
  CHECK(parse_duration("1" + std::string(307, '0') + "w").error.find("longer than 100 years") !=
        std::string::npos);
  CHECK(parse_duration("99999999999999999999999w").error.find("longer than 100 years") !=
        std::string::npos);
  CHECK(format_duration(1e18).find('d') != std::string::npos);  // no overflow into garbage
}

TEST_CASE("a time zone offset with a colon needs its minutes") {
  CHECK(parse_date("2026-12-31T23:00:00+05:").error ==
        "invalid date '2026-12-31T23:00:00+05:': expected a time zone offset ±HH:MM");
  CHECK(parse_date("2026-12-31T23:00:00+0530").value);
  CHECK(parse_date("2026-12-31T23:00:00+05").value);
}

TEST_CASE("capacities are hours per member per period") {
  CHECK(*parse_capacity("30h/week").value == doctest::Approx(30));
  CHECK(*parse_capacity("6h/day").value == doctest::Approx(42));
  CHECK(*parse_capacity("120h/month").value == doctest::Approx(120 * 7 / (365.25 / 12)));
  CHECK(parse_capacity("30h").error == "capacity '30h' has no period");
  CHECK(parse_capacity("20h/wk").error ==
        "capacity '20h/wk': unknown period 'wk' (did you mean 'week'?)");
  CHECK(parse_capacity("30/week").error ==
        "capacity '30/week': bare number 30 is ambiguous: did you mean 30m?");
  CHECK(parse_capacity("200h/day").error ==
        "capacity '200h/day' is 1400 hours a week, more than the 168 a week has");
}

TEST_CASE("periods and units written another way get a suggestion") {
  CHECK(parse_duration("1 Day").error == "invalid duration '1 Day': did you mean 1d?");
  CHECK(parse_duration("2 Hours").error == "invalid duration '2 Hours': did you mean 2h?");
  CHECK(parse_rate("12/Week").error ==
        "invalid rate '12/Week': unknown period 'Week' (did you mean 'week'?)");
  CHECK(parse_rate("25/wk").error ==
        "invalid rate '25/wk': unknown period 'wk' (did you mean 'week'?)");
  CHECK(parse_capacity("30h/wk").error ==
        "capacity '30h/wk': unknown period 'wk' (did you mean 'week'?)");
}
