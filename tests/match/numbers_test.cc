#include "tmalign/match/numbers.h"

#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "tmalign/core/error.h"

namespace tmalign {
namespace {

const NumberOptions kRuEn{.source_lang = "ru", .target_lang = "en"};
const NumberOptions kEnRu{.source_lang = "en", .target_lang = "ru"};
const std::string kNbsp = "\u00A0";
const std::string kMinus = "\u2212";

// ---- Which numbers a text holds: a table ------------------------------------------------------

struct Found {
  std::string spelling;
  std::string value;
  std::string decimal_reading = {};
  bool operator==(const Found&) const = default;
};

std::ostream& operator<<(std::ostream& out, const Found& f) {
  out << '"' << f.spelling << "\" = " << f.value;
  if (!f.decimal_reading.empty()) out << " or " << f.decimal_reading;
  return out;
}

std::vector<Found> found(const std::string& text, const std::string& language) {
  std::vector<Found> out;
  for (const NumberToken& n : find_numbers(text, language))
    out.push_back({text.substr(n.begin, n.end - n.begin), n.value, n.decimal_reading});
  return out;
}

struct FindCase {
  std::string text;
  std::string language;
  std::vector<Found> expected;
};

TEST(FindNumbers, ReadsTheSpellingsOfTheTable) {
  const std::vector<FindCase> cases = {
      {"В 2019 году", "ru", {{"2019", "2019"}}},
      {"1" + kNbsp + "000" + kNbsp + "000 рублей",
       "ru",
       {{"1" + kNbsp + "000" + kNbsp + "000", "1000000"}}},
      {"1 000 000 рублей", "ru", {{"1 000 000", "1000000"}}},
      {"1\u202F000,5 евро", "fr", {{"1\u202F000,5", "1000.5"}}},
      {"1 000,5", "ru", {{"1 000,5", "1000.5"}}},
      {"1,000.5", "en", {{"1,000.5", "1000.5"}}},
      {"1.000,5", "de", {{"1.000,5", "1000.5"}}},
      {"1'234'567.5", "", {{"1'234'567.5", "1234567.5"}}},
      {"1.234.567", "en", {{"1.234.567", "1234567"}}},
      {"1,5", "ru", {{"1,5", "1.5"}}},
      {"1,5", "en", {{"1,5", "1.5"}}},  // not a thousands shape: a decimal in any language
      {"0,125", "", {{"0,125", "0.125"}}},
      {"1234.567", "", {{"1234.567", "1234.567"}}},
      // "1,000" and "1.000": the language decides; unknown, both readings are kept.
      {"1,000", "en", {{"1,000", "1000"}}},
      {"1,000", "ru", {{"1,000", "1"}}},
      {"1,000", "", {{"1,000", "1000", "1"}}},
      {"1.000", "de", {{"1.000", "1000"}}},
      {"1.000", "en", {{"1.000", "1"}}},
      {"1.000", "ru", {{"1.000", "1000", "1"}}},  // Russian groups with spaces: still open
      {"007 и 0", "", {{"007", "7"}, {"0", "0"}}},
      {"-5 и " + kMinus + "5 и +5 и -0",
       "",
       {{"-5", "-5"}, {kMinus + "5", "-5"}, {"+5", "5"}, {"-0", "0"}}},
      {"(-2,5)", "ru", {{"-2,5", "-2.5"}}},
      {"5-10 и 5–10", "", {{"5", "5"}, {"10", "10"}, {"5", "5"}, {"10", "10"}}},  // ranges, no sign
      {"Стоит 1.5.", "en", {{"1.5", "1.5"}}},  // the full stop ends the sentence
      {"1, 2, 3", "en", {{"1", "1"}, {"2", "2"}, {"3", "3"}}},
      {"в 2019 1 000 человек", "ru", {{"2019", "2019"}, {"1 000", "1000"}}},
      // Dates, versions, times, feet and inches: several integers.
      {"12.05.2024", "ru", {{"12", "12"}, {"05", "5"}, {"2024", "2024"}}},
      {"1.2.3", "", {{"1", "1"}, {"2", "2"}, {"3", "3"}}},
      {"10:30", "", {{"10", "10"}, {"30", "30"}}},
      {"5'10\"", "", {{"5", "5"}, {"10", "10"}}},
      // Units glued after a number.
      {"5% 5кг 10 km 1,5kg 90°",
       "ru",
       {{"5", "5"}, {"5", "5"}, {"10", "10"}, {"1,5", "1.5"}, {"90", "90"}}},
      {"в 1990-х", "ru", {{"1990", "1990"}}},
      // Codes and ordinals are text.
      {"COVID-19, A4, v2.0, x86, B-52, стр.5, Windows/2000", "", {}},
      {"5th 21st 2nd 3RD 1er 2e 3ème 1º", "", {}},
      {"iPhone 15", "", {{"15", "15"}}},
      // A quirk: spaces may join three-digit numbers into one (see docs/matching.md).
      {"комнаты 101 202", "ru", {{"101 202", "101202"}}},
      {"", "", {}},
  };
  for (const FindCase& c : cases)
    EXPECT_EQ(found(c.text, c.language), c.expected)
        << "text: " << c.text << ", language: " << c.language;
}

// ---- Substitution -----------------------------------------------------------------------------

TEST(NumberSubstitution, SubstitutesAYear) {
  EXPECT_EQ(substitute_numbers("В 2020 году посольство заявило о протесте.",
                               "В 2019 году посольство заявило о протесте.",
                               "In 2019, the embassy protested.", kRuEn),
            "In 2020, the embassy protested.");
  // The same without languages: integers need none.
  EXPECT_EQ(substitute_numbers("В 2020 году", "В 2019 году", "In 2019"), "In 2020");
}

TEST(NumberSubstitution, WritesADecimalInTheTargetsConvention) {
  EXPECT_EQ(
      substitute_numbers("Рост составил 2,75%.", "Рост составил 1,5%.", "Growth was 1.5%.", kRuEn),
      "Growth was 2.75%.");
  EXPECT_EQ(
      substitute_numbers("Growth was 2.75%.", "Growth was 1.5%.", "Рост составил 1,5%.", kEnRu),
      "Рост составил 2,75%.");
  // An integer that becomes a decimal takes the target language's mark ...
  EXPECT_EQ(substitute_numbers("Цена 5,5 евро", "Цена 5 евро", "The price is 5 euros", kRuEn),
            "The price is 5.5 euros");
  // ... or, the language unknown, the mark of another decimal in the target.
  EXPECT_EQ(substitute_numbers("5,5 и 0,5", "5 и 0,5", "5 and 0.5"), "5.5 and 0.5");
  // Trailing zeros are the query's precision; the value is compared, not the spelling.
  EXPECT_EQ(substitute_numbers("Курс 1,50", "Курс 1,25", "Rate 1.250", kRuEn), "Rate 1.50");
}

TEST(NumberSubstitution, KeepsThousandsSeparators) {
  const std::string million = "1" + kNbsp + "000" + kNbsp + "000";
  const std::string new_value = "2" + kNbsp + "500" + kNbsp + "000";
  EXPECT_EQ(
      substitute_numbers("Бюджет — " + new_value + " рублей.", "Бюджет — " + million + " рублей.",
                         "The budget is 1,000,000 roubles.", kRuEn),
      "The budget is 2,500,000 roubles.");
  EXPECT_EQ(
      substitute_numbers("The budget is 2,500,000 roubles.", "The budget is 1,000,000 roubles.",
                         "Бюджет — " + million + " рублей.", kEnRu),
      "Бюджет — " + new_value + " рублей.");
  // The target's separator, not the language's: a plain space stays a plain space.
  EXPECT_EQ(substitute_numbers("2,500,000 roubles", "1,000,000 roubles", "1 000 000 рублей", kEnRu),
            "2 500 000 рублей");
  // A grouped target number with a small new value; an ungrouped large one stays ungrouped.
  EXPECT_EQ(substitute_numbers("800 рублей", "1 500 рублей", "1,500 roubles", kRuEn),
            "800 roubles");
  EXPECT_EQ(substitute_numbers("2 500 000 рублей", "1 000 000 рублей", "1000000 roubles", kRuEn),
            "2500000 roubles");
  // A short ungrouped target number follows the query: grouped in the target's way, or not.
  EXPECT_EQ(substitute_numbers("12 000 рублей", "800 рублей", "800 roubles", kRuEn),
            "12,000 roubles");
  EXPECT_EQ(substitute_numbers("12000 рублей", "800 рублей", "800 roubles", kRuEn),
            "12000 roubles");
  EXPECT_EQ(substitute_numbers("1.234,5 Euro", "1.000,5 Euro", "1,000.5 euros",
                               {.source_lang = "de", .target_lang = "en"}),
            "1,234.5 euros");
}

TEST(NumberSubstitution, ResolvesAmbiguousSpellingsByLanguage) {
  // "1,000" is a thousand in English; in Russian the target writes it ungrouped.
  EXPECT_EQ(substitute_numbers("2,000 people", "1,000 people", "1000 человек", kEnRu),
            "2000 человек");
  // German "1.000" is a thousand too.
  EXPECT_EQ(substitute_numbers("2.500 Euro", "1.000 Euro", "1,000 euros",
                               {.source_lang = "de", .target_lang = "en"}),
            "2,500 euros");
  // In Russian "1,000" is one: the English target has it as "1.000".
  EXPECT_EQ(substitute_numbers("Коэффициент 2,000", "Коэффициент 1,000", "Ratio 1.000", kRuEn),
            "Ratio 2.000");
  // A target of unknown language: its "1,000" is read the way the source's value needs.
  EXPECT_EQ(
      substitute_numbers("2 500 человек", "1 000 человек", "1,000 people", {.source_lang = "ru"}),
      "2,500 people");
}

TEST(NumberSubstitution, SubstitutesAmbiguousSpellingsBySpellingWhenTheLanguageIsUnknown) {
  EXPECT_EQ(substitute_numbers("2,500 people", "1,000 people", "1,000 personnes"),
            "2,500 personnes");
  // Whether "1,000" is 1000 or 1 is open, so a target "1000" cannot be shown to hold it.
  EXPECT_EQ(substitute_numbers("2,500 people", "1,000 people", "1000 personnes"), std::nullopt);
}

TEST(NumberSubstitution, RefusesWhenWordsDiffer) {
  EXPECT_EQ(substitute_numbers("В 2020 году посольство заявило о протесте.",
                               "В 2019 году посольство заявило о поддержке.",
                               "In 2019, the embassy expressed support.", kRuEn),
            std::nullopt);
  EXPECT_EQ(substitute_numbers("в 2020 году", "В 2019 году", "In 2019", kRuEn),
            std::nullopt);  // case
  EXPECT_EQ(substitute_numbers("В 2020 году.", "В 2019 году", "In 2019", kRuEn), std::nullopt);
  // A missing space is not white space only.
  EXPECT_EQ(substitute_numbers("6 кг", "5кг", "5 kg", kRuEn), std::nullopt);
  // Different counts of numbers.
  EXPECT_EQ(substitute_numbers("5 и 6 яблок", "5 яблок", "5 apples", kRuEn), std::nullopt);
  EXPECT_EQ(substitute_numbers("яблоки", "5 яблок", "5 apples", kRuEn), std::nullopt);
}

TEST(NumberSubstitution, IgnoresWhiteSpaceDifferences) {
  EXPECT_EQ(substitute_numbers("  В\t2020" + kNbsp + "году ", "В 2019 году", "In 2019", kRuEn),
            "In 2020");
}

TEST(NumberSubstitution, RefusesWhenNothingDiffers) {
  EXPECT_EQ(substitute_numbers("В 2019 году", "В 2019 году", "In 2019", kRuEn), std::nullopt);
  EXPECT_EQ(substitute_numbers("Курс 1,50", "Курс 1,5", "Rate 1.5", kRuEn),
            std::nullopt);  // same value
  EXPECT_EQ(substitute_numbers("Привет", "Привет", "Hello", kRuEn), std::nullopt);
}

TEST(NumberSubstitution, RefusesWhenANumberIsMissingFromTheTarget) {
  EXPECT_EQ(substitute_numbers("В 2020 году", "В 2019 году", "Last year", kRuEn), std::nullopt);
  // Converted by the translator: 5 miles are 8 km.
  EXPECT_EQ(substitute_numbers("6 miles", "5 miles", "8 км", kEnRu), std::nullopt);
  // Inside a code in the target, 19 is not the number 19.
  EXPECT_EQ(substitute_numbers("20 случаев", "19 случаев", "COVID-19 cases", kRuEn), std::nullopt);
}

TEST(NumberSubstitution, ReplacesARepeatedNumberEverywhere) {
  EXPECT_EQ(substitute_numbers("6 из 6", "5 из 5", "5 out of 5", kRuEn), "6 out of 6");
}

TEST(NumberSubstitution, RefusesARepeatedNumberWithTwoReplacements) {
  EXPECT_EQ(substitute_numbers("5 из 6", "5 из 5", "5 out of 5", kRuEn), std::nullopt);
  EXPECT_EQ(substitute_numbers("6 из 5", "5 из 5", "5 out of 5", kRuEn), std::nullopt);
}

TEST(NumberSubstitution, RefusesWhenTheTargetHasTheNumberMoreOrLessOften) {
  EXPECT_EQ(substitute_numbers("Страница 2", "Страница 1", "Page 1 of 1", kRuEn), std::nullopt);
  EXPECT_EQ(substitute_numbers("6 из 6", "5 из 5", "all 5", kRuEn), std::nullopt);
}

TEST(NumberSubstitution, ReplacesNumbersAllAtOnce) {
  // 5 becomes 6 and 6 becomes 7: the new 6 is not replaced again.
  EXPECT_EQ(substitute_numbers("от 6 до 7", "от 5 до 6", "from 5 to 6", kRuEn), "from 6 to 7");
  EXPECT_EQ(substitute_numbers("от 6 до 5", "от 5 до 6", "between 6 and 5", kRuEn),
            "between 5 and 6");
}

TEST(NumberSubstitution, DoesNotNeedUnchangedNumbersInTheTarget) {
  EXPECT_EQ(substitute_numbers("Глава 3: 6 страниц", "Глава 3: 5 страниц", "5 pages", kRuEn),
            "6 pages");
}

TEST(NumberSubstitution, SubstitutesNegativeNumbers) {
  // The target's minus is kept (a hyphen-minus here, U+2212 in the source).
  EXPECT_EQ(substitute_numbers("Температура " + kMinus + "12 °C", "Температура " + kMinus + "5 °C",
                               "The temperature is -5 °C", kRuEn),
            "The temperature is -12 °C");
  EXPECT_EQ(substitute_numbers("Температура +5 °C", "Температура " + kMinus + "5 °C",
                               "The temperature is -5 °C", kRuEn),
            "The temperature is 5 °C");
  // A number becoming negative takes the query's minus when the target has none ...
  EXPECT_EQ(substitute_numbers("Баланс " + kMinus + "3", "Баланс 5", "Balance 5", kRuEn),
            "Balance " + kMinus + "3");
  // ... and the target's when it has one.
  EXPECT_EQ(substitute_numbers("от " + kMinus + "3 до " + kMinus + "1", "от 5 до " + kMinus + "1",
                               "from 5 to -1", kRuEn),
            "from -3 to -1");
  // A plus sign the target writes stays.
  EXPECT_EQ(substitute_numbers("+7 °C", "+5 °C", "+5 °C", kRuEn), "+7 °C");
  // Ranges have no signs.
  EXPECT_EQ(substitute_numbers("10-25 км", "10-20 км", "10–20 km", kRuEn), "10–25 km");
}

TEST(NumberSubstitution, SubstitutesNumbersGluedToUnits) {
  EXPECT_EQ(substitute_numbers("Скидка 7%", "Скидка 5%", "A 5% discount", kRuEn), "A 7% discount");
  EXPECT_EQ(substitute_numbers("Ещё 12 km", "Ещё 10 km", "Another 10 km", kRuEn), "Another 12 km");
  EXPECT_EQ(substitute_numbers("Вес 7кг", "Вес 5кг", "Weight 5 kg", kRuEn), "Weight 7 kg");
  EXPECT_EQ(substitute_numbers("Weight 7.5kg", "Weight 5kg", "Вес 5кг", kEnRu), "Вес 7,5кг");
}

TEST(NumberSubstitution, SubstitutesPartsOfDates) {
  EXPECT_EQ(substitute_numbers("Договор от 13.05.2024", "Договор от 12.05.2024",
                               "Contract of May 12, 2024", kRuEn),
            "Contract of May 13, 2024");
  // The month keeps its two digits.
  EXPECT_EQ(
      substitute_numbers("Договор от 12.06.2024", "Договор от 12.05.2024", "Vertrag vom 12.05.2024",
                         {.source_lang = "ru", .target_lang = "de"}),
      "Vertrag vom 12.06.2024");
  // A day equal to the month: two replacements of one number.
  EXPECT_EQ(substitute_numbers("05.06.2024", "05.05.2024", "05/05/2024", kRuEn), std::nullopt);
}

TEST(NumberSubstitution, SubstitutesTimes) {
  EXPECT_EQ(substitute_numbers("Встреча в 11:30", "Встреча в 10:30", "Meeting at 10:30", kRuEn),
            "Meeting at 11:30");
  EXPECT_EQ(substitute_numbers("Встреча в 10:07", "Встреча в 10:05", "Meeting at 10:05", kRuEn),
            "Meeting at 10:07");
}

TEST(NumberSubstitution, KeepsLeadingZeros) {
  EXPECT_EQ(substitute_numbers("файл 012", "файл 007", "file 007", kRuEn), "file 012");
  EXPECT_EQ(substitute_numbers("файл 12", "файл 007", "file 007", kRuEn), "file 012");
  EXPECT_EQ(substitute_numbers("файл 1234", "файл 007", "file 007", kRuEn), "file 1234");
  EXPECT_EQ(substitute_numbers("файл 012", "файл 007", "file 7", kRuEn), "file 12");
}

TEST(NumberSubstitution, LeavesCodesAndOrdinalsAsText) {
  EXPECT_EQ(substitute_numbers("COVID-20", "COVID-19", "COVID-19", kRuEn), std::nullopt);
  EXPECT_EQ(substitute_numbers("Формат A5", "Формат A4", "A4 format", kRuEn), std::nullopt);
  EXPECT_EQ(substitute_numbers("Формат A4, 20 листов", "Формат A4, 10 листов",
                               "A4 format, 10 sheets", kRuEn),
            "A4 format, 20 sheets");
  EXPECT_EQ(
      substitute_numbers("25 случаев COVID-19", "19 случаев COVID-19", "19 COVID-19 cases", kRuEn),
      "25 COVID-19 cases");
  EXPECT_EQ(substitute_numbers("6th floor", "5th floor", "5-й этаж", kEnRu), std::nullopt);
  EXPECT_EQ(substitute_numbers("version v2.1", "version v2.0", "версия v2.0", kEnRu), std::nullopt);
}

TEST(NumberSubstitution, InvalidUtf8GivesNulloptAndNeverThrows) {
  for (const std::string bad :
       {"\xFF", "\xC0\x80", "\xED\xA0\x80", "\xD0", "\xF4\x90\x80\x80", "5\xE2\x82"}) {
    EXPECT_EQ(substitute_numbers("В 2020 году" + bad, "В 2019 году" + bad, "In 2019"),
              std::nullopt);
    EXPECT_EQ(substitute_numbers("В 2020 году", "В 2019 году" + bad, "In 2019"), std::nullopt);
    EXPECT_EQ(substitute_numbers("В 2020 году", "В 2019 году", "In 2019" + bad), std::nullopt);
    EXPECT_TRUE(find_numbers("1 2 3" + bad).empty());
  }
  // A NUL byte is text like any other.
  EXPECT_EQ(substitute_numbers(std::string("a\0 6", 4), std::string("a\0 5", 4), "5"), "6");
}

TEST(NumberSubstitution, RefusesALanguageThatIsNotATag) {
  EXPECT_THROW(substitute_numbers("6", "5", "5", {.source_lang = "russian"}), OptionError);
  EXPECT_THROW(substitute_numbers("6", "5", "5", {.target_lang = "english"}), OptionError);
  EXPECT_NO_THROW(NumberOptions{}.validate());
  EXPECT_NO_THROW((NumberOptions{.source_lang = "ru_RU", .target_lang = "de-CH"}.validate()));
  // Switzerland: apostrophes and a decimal point.
  EXPECT_EQ(substitute_numbers("2 500,5 рубля", "1 000,5 рубля", "1'000.5 Rubel",
                               {.source_lang = "ru", .target_lang = "de-CH"}),
            "2'500.5 Rubel");
}

TEST(NumberSubstitution, HandlesHugeInputsInLinearTime) {
  // 100 000 numbers in a 1.4 MB sentence; one of them changes.
  std::string stored, query, target;
  for (int i = 0; i < 100000; ++i) {
    stored += "пункт " + std::to_string(i) + ", ";
    query += "пункт " + std::to_string(i == 77777 ? 1000000 : i) + ", ";
    target += "item " + std::to_string(i) + "; ";
  }
  const auto start = std::chrono::steady_clock::now();
  const std::optional<std::string> adapted = substitute_numbers(query, stored, target, kRuEn);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_TRUE(adapted.has_value());
  EXPECT_NE(adapted->find("item 77776; item 1000000; item 77778"), std::string::npos);
  EXPECT_EQ(adapted->find("item 77777;"), std::string::npos);
  EXPECT_LT(seconds, 5.0);
  // One number of a million digits.
  const std::string digits(1000000, '7');
  EXPECT_EQ(substitute_numbers("x " + digits + "8", "x " + digits + "9", "y " + digits + "9"),
            "y " + digits + "8");
  // A million separators: "1,1,1,…" is a sequence of integers, all the same number.
  std::string ones = "1";
  for (int i = 0; i < 500000; ++i) ones += ",1";
  EXPECT_EQ(substitute_numbers(ones + " 2", ones + " 3", "3"), "2");
  EXPECT_EQ(find_numbers(ones).size(), 500001u);
}

// Random strings of digits, separators, signs, letters, spaces and stray bytes: found numbers
// are in order, inside the text and hold a digit; substitution never throws.
TEST(NumberSubstitution, SurvivesRandomBytes) {
  const std::vector<std::string> pieces = {
      "0",    "1", "5",  "9", "000", ",", ".", "'", "\u2019", " ",    kNbsp,    "\u202F", "-", "+",
      kMinus, "a", "th", "e", "к",   ":", "%", "(", "\xFF",   "\xD0", "\u0301", "COVID-", "v"};
  std::mt19937 random(77);
  std::uniform_int_distribution<std::size_t> piece(0, pieces.size() - 1), length(0, 30);
  const auto random_text = [&] {
    std::string text;
    for (std::size_t i = length(random); i > 0; --i) text += pieces[piece(random)];
    return text;
  };
  int applied = 0;
  for (int round = 0; round < 20000; ++round) {
    const std::string a = random_text(), b = random_text(), c = random_text();
    std::size_t previous_end = 0;
    for (const NumberToken& n : find_numbers(a, round % 2 ? "ru" : "")) {
      ASSERT_LE(previous_end, n.begin) << a;
      ASSERT_LT(n.begin, n.end) << a;
      ASSERT_LE(n.end, a.size()) << a;
      ASSERT_NE(a.substr(n.begin, n.end - n.begin).find_first_of("0123456789"), std::string::npos)
          << a;
      previous_end = n.end;
    }
    EXPECT_NO_THROW(substitute_numbers(a, b, c));
    EXPECT_NO_THROW(substitute_numbers(a, a, c, kRuEn));
    // The target is the stored source itself with another number: where it applies, the
    // numbers of the result are the query's.
    const std::string query = a + " 7", stored = a + " 8";
    const std::optional<std::string> adapted = substitute_numbers(query, stored, stored);
    if (adapted) {
      ++applied;
      std::vector<std::string> want, got;
      for (const NumberToken& n : find_numbers(query))
        want.push_back(n.value + "|" + n.decimal_reading);
      for (const NumberToken& n : find_numbers(*adapted))
        got.push_back(n.value + "|" + n.decimal_reading);
      EXPECT_EQ(got, want) << "query: " << query << "\nadapted: " << *adapted;
    }
  }
  EXPECT_GT(applied, 2000);
}

// ---- Randomised: sentences whose expected adaptation is known by construction -----------------

// Writes a value (an integer or an integer and fraction digits) the Russian way (no-break space
// between thousands, decimal comma, U+2212 minus) or the English way.
std::string render(long long integer, const std::string& fraction, bool negative, bool russian) {
  std::string digits = std::to_string(integer), grouped;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) grouped += russian ? kNbsp : ",";
    grouped += digits[i];
  }
  std::string out = negative ? (russian ? kMinus : "-") : "";
  out += grouped;
  if (!fraction.empty()) out += (russian ? "," : ".") + fraction;
  return out;
}

struct Value {
  long long integer = 0;
  std::string fraction;
  bool negative = false;
  std::string key() const {
    return (negative ? "-" : "") + std::to_string(integer) + "." + fraction;
  }
};

TEST(NumberSubstitution, AgreesWithRandomSentencesBuiltWithTheirAnswer) {
  std::mt19937 random(20240905);
  const std::vector<std::string> ru_words = {"яблоко", "дом", "рубль", "год",
                                             "метр",   "и",   "в",     "на"};
  const std::vector<std::string> en_words = {"apple", "house", "rouble", "year",
                                             "metre", "and",   "in",     "on"};
  const auto pick = [&](int low, int high) {
    return std::uniform_int_distribution<int>(low, high)(random);
  };
  const auto random_value = [&] {
    Value v;
    switch (pick(0, 3)) {
      case 0:
        v.integer = pick(1, 999);
        break;
      case 1:
        v.integer = pick(1000, 9999999);
        break;
      case 2:
        v.integer = pick(0, 99999);
        v.fraction = std::to_string(pick(1, 9));
        break;
      default:
        v.integer = pick(1, 999);
        v.fraction = std::to_string(pick(11, 99));
        break;
    }
    if (v.fraction.size() > 1 && v.fraction.back() == '0') v.fraction.back() = '1';
    v.negative = pick(0, 4) == 0;
    return v;
  };
  int substituted = 0;
  for (int round = 0; round < 3000; ++round) {
    const int slots = pick(1, 6);
    std::vector<Value> stored, query;
    std::set<std::string> keys;
    while (static_cast<int>(stored.size()) < slots) {
      const Value v = random_value();
      if (keys.insert(v.key()).second) stored.push_back(v);
    }
    bool any_change = false;
    for (const Value& v : stored) {
      query.push_back(pick(0, 2) == 0 ? random_value() : v);
      any_change = any_change || query.back().key() != v.key();
    }
    // The target holds the numbers in another order, some unchanged ones left out.
    std::vector<int> order(slots);
    for (int i = 0; i < slots; ++i) order[i] = i;
    std::shuffle(order.begin(), order.end(), random);
    std::string source_text, query_text, target_text, expected;
    bool target_has_minus = false;
    for (int i = 0; i < slots; ++i) {
      const std::string& word = ru_words[pick(0, 7)];
      source_text += word + " " +
                     render(stored[i].integer, stored[i].fraction, stored[i].negative, true) + " ";
      query_text +=
          word + " " + render(query[i].integer, query[i].fraction, query[i].negative, true) + " ";
    }
    std::vector<int> kept;
    for (const int i : order)
      if (query[i].key() != stored[i].key() || pick(0, 4) != 0) kept.push_back(i);
    for (const int i : kept) target_has_minus = target_has_minus || stored[i].negative;
    for (const int i : kept) {
      const std::string& word = en_words[pick(0, 7)];
      target_text += word + " " +
                     render(stored[i].integer, stored[i].fraction, stored[i].negative, false) + " ";
      std::string adapted = render(query[i].integer, query[i].fraction, query[i].negative, false);
      // A number turning negative takes a minus the target has, else the query's.
      if (query[i].negative && !stored[i].negative && !target_has_minus)
        adapted.replace(0, 1, kMinus);
      expected += word + " " + adapted + " ";
    }
    const std::optional<std::string> got =
        substitute_numbers(query_text, source_text, target_text, kRuEn);
    if (!any_change) {
      EXPECT_EQ(got, std::nullopt) << source_text;
      continue;
    }
    ASSERT_EQ(got, expected) << "stored: " << source_text << "\nquery: " << query_text
                             << "\ntarget: " << target_text;
    ++substituted;
  }
  EXPECT_GT(substituted, 1000);
}

}  // namespace
}  // namespace tmalign
