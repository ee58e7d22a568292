// Abbreviation and sentence-starter tables for Russian and English. Add words here, not in code;
// docs/segmentation.md explains the kinds. Sources: common usage in Russian and English news
// texts (ГОСТ Р 7.0.12-2011 for the Russian bibliographic abbreviations).
#include "abbreviations.h"

#include <array>

namespace tmalign::detail {
namespace {

using enum AbbreviationKind;

// The same meaning after a number and elsewhere.
constexpr Abbreviation always(std::string_view text, AbbreviationKind kind) {
  return {text, kind, kind};
}

constexpr auto kRussianAbbreviations = std::to_array<Abbreviation>({
    // Multi-word abbreviations.
    always("т. е.", kNeverEnds),
    always("т. к.", kNeverEnds),
    always("т. н.", kNeverEnds),
    always("т. ч.", kNeverEnds),
    always("т. о.", kNeverEnds),
    always("т. д.", kMayEnd),
    always("т. п.", kMayEnd),
    always("и др.", kMayEnd),
    always("и пр.", kMayEnd),
    always("с. г.", kMayEnd),
    always("н. э.", kMayEnd),
    always("до н. э.", kMayEnd),
    always("у. е.", kMayEnd),
    always("чл.-корр.", kNeverEnds),
    // Years and centuries. After a number "г." and "в." end a sentence before an upper-case word
    // ("в 1990 г. Потом"); a span of years mostly opens one ("В 2010-2012 гг. Виктор посещал").
    // Without a number "г." is a city ("г. Волгоград") and "В." an initial.
    {"г.", kMayEnd, kNeverEnds},
    {"гг.", kAmbiguous, kNeverEnds},
    {"в.", kMayEnd, kNone},
    {"вв.", kAmbiguous, kNone},
    // Units and money: after a number they often end a sentence ("5 см. Потом").
    {"см.", kMayEnd, kNeverEnds},
    always("млн.", kMayEnd),
    always("млрд.", kMayEnd),
    always("тыс.", kMayEnd),
    always("руб.", kMayEnd),
    always("коп.", kMayEnd),
    always("долл.", kMayEnd),
    always("дол.", kMayEnd),
    always("др.", kMayEnd),
    always("пр.", kMayEnd),
    always("куб.", kNeverEnds),
    always("кв.", kNumberPrefix),
    // Titles and places: they stand before a name.
    always("им.", kNeverEnds),
    always("ул.", kNeverEnds),
    always("пл.", kNeverEnds),
    always("пер.", kNeverEnds),
    always("просп.", kNeverEnds),
    always("наб.", kNeverEnds),
    always("д.", kNeverEnds),
    always("корп.", kNeverEnds),
    always("оз.", kNeverEnds),
    always("р.", kNeverEnds),
    always("пгт.", kNeverEnds),
    always("пос.", kNeverEnds),
    always("дер.", kNeverEnds),
    always("обл.", kNeverEnds),
    always("св.", kNeverEnds),
    always("проф.", kNeverEnds),
    always("акад.", kNeverEnds),
    always("доц.", kNeverEnds),
    always("ген.", kNeverEnds),
    always("гос.", kNeverEnds),
    always("ред.", kNeverEnds),
    always("изд.", kNeverEnds),
    always("ок.", kNeverEnds),
    always("напр.", kNeverEnds),
    always("ср.", kNeverEnds),
    always("англ.", kNeverEnds),
    always("лат.", kNeverEnds),
    always("нем.", kNeverEnds),
    always("франц.", kNeverEnds),
    always("рус.", kNeverEnds),
    // References: they stand before a number.
    always("стр.", kNumberPrefix),
    always("с.", kNumberPrefix),
    always("рис.", kNumberPrefix),
    always("табл.", kNumberPrefix),
    always("ст.", kNumberPrefix),
    always("п.", kNumberPrefix),
    always("пп.", kNumberPrefix),
    always("ч.", kNumberPrefix),
    always("гл.", kNumberPrefix),
    always("т.", kNumberPrefix),
    always("тел.", kNumberPrefix),
    always("№.", kNumberPrefix),
});

constexpr auto kRussianStarters = std::to_array<std::string_view>({
    "А",      "Без", "В",     "Вот",   "Все",     "Всё",    "Вы",     "Где", "Да",    "Для",
    "До",     "Его", "Её",    "Ее",    "Если",    "Ещё",    "Еще",    "За",  "Затем", "И",
    "Из",     "Их",  "К",     "Как",   "Когда",   "Кроме",  "Кто",    "Мы",  "На",    "Нам",
    "Не",     "Нет", "Ни",    "Но",    "О",       "Об",     "Однако", "Он",  "Она",   "Они",
    "Оно",    "От",  "По",    "Позже", "Поэтому", "После",  "Потом",  "При", "С",     "Сегодня",
    "Сейчас", "Так", "Также", "Там",   "Тогда",   "Теперь", "Ты",     "У",   "Уже",   "Хотя",
    "Что",    "Это", "Этот",  "Эта",   "Эти",     "Я",
});

constexpr auto kEnglishAbbreviations = std::to_array<Abbreviation>({
    // Titles: they stand before a name.
    always("Mr.", kNeverEnds),
    always("Mrs.", kNeverEnds),
    always("Ms.", kNeverEnds),
    always("Messrs.", kNeverEnds),
    always("Dr.", kNeverEnds),
    always("Prof.", kNeverEnds),
    always("St.", kNeverEnds),
    always("Mt.", kNeverEnds),
    always("Gen.", kNeverEnds),
    always("Gov.", kNeverEnds),
    always("Sen.", kNeverEnds),
    always("Rep.", kNeverEnds),
    always("Pres.", kNeverEnds),
    always("Capt.", kNeverEnds),
    always("Col.", kNeverEnds),
    always("Lt.", kNeverEnds),
    always("Sgt.", kNeverEnds),
    always("Maj.", kNeverEnds),
    always("Adm.", kNeverEnds),
    always("Rev.", kNeverEnds),
    always("Hon.", kNeverEnds),
    always("Supt.", kNeverEnds),
    // Latin and references that stand before something.
    always("e.g.", kNeverEnds),
    always("i.e.", kNeverEnds),
    always("cf.", kNeverEnds),
    always("vs.", kNeverEnds),
    always("viz.", kNeverEnds),
    always("approx.", kNeverEnds),
    always("No.", kNumberPrefix),
    always("Nos.", kNumberPrefix),
    always("N°.", kNumberPrefix),
    always("p.", kNumberPrefix),
    always("pp.", kNumberPrefix),
    always("fig.", kNumberPrefix),
    always("vol.", kNumberPrefix),
    always("ch.", kNumberPrefix),
    always("sec.", kNumberPrefix),
    always("art.", kNumberPrefix),
    always("eq.", kNumberPrefix),
    // Months stand before a day.
    always("Jan.", kNeverEnds),
    always("Feb.", kNeverEnds),
    always("Mar.", kNeverEnds),
    always("Apr.", kNeverEnds),
    always("Jun.", kNeverEnds),
    always("Jul.", kNeverEnds),
    always("Aug.", kNeverEnds),
    always("Sep.", kNeverEnds),
    always("Sept.", kNeverEnds),
    always("Oct.", kNeverEnds),
    always("Nov.", kNeverEnds),
    always("Dec.", kNeverEnds),
    // Often at the end of a sentence.
    always("etc.", kMayEnd),
    always("Inc.", kMayEnd),
    always("Ltd.", kMayEnd),
    always("Co.", kMayEnd),
    always("Corp.", kMayEnd),
    always("Jr.", kMayEnd),
    always("Sr.", kMayEnd),
    always("Bros.", kMayEnd),
    always("LLC.", kMayEnd),
    always("Ph.D.", kMayEnd),
    always("et al.", kMayEnd),
    always("Ave.", kMayEnd),
    always("Rd.", kMayEnd),
    always("Blvd.", kMayEnd),
    // Times: "at 5 a.m. Mr. Smith left" against "at 5 a.m. He left".
    always("a.m.", kAmbiguous),
    always("p.m.", kAmbiguous),
});

constexpr auto kEnglishStarters = std::to_array<std::string_view>({
    "A",     "After", "Also",   "An",    "And",   "Are",    "As",      "At",   "Before", "But",
    "Can",   "Could", "Did",    "Do",    "Does",  "During", "For",     "From", "Had",    "Has",
    "Have",  "He",    "Her",    "Here",  "His",   "How",    "However", "I",    "If",     "In",
    "Is",    "It",    "Its",    "Let",   "May",   "My",     "No",      "Not",  "Now",    "On",
    "One",   "Our",   "Please", "She",   "So",    "Some",   "That",    "The",  "Their",  "Then",
    "There", "These", "They",   "This",  "Those", "To",     "Today",   "We",   "Were",   "Was",
    "What",  "When",  "Where",  "Which", "While", "Who",    "Why",     "Will", "With",   "Would",
    "Yes",   "Yet",   "You",    "Your",
});

constexpr LanguageData kRussian{kRussianAbbreviations, kRussianStarters};
constexpr LanguageData kEnglish{kEnglishAbbreviations, kEnglishStarters};

}  // namespace

const LanguageData* language_data(std::string_view primary_subtag) {
  if (primary_subtag == "ru") return &kRussian;
  if (primary_subtag == "en") return &kEnglish;
  return nullptr;
}

}  // namespace tmalign::detail
