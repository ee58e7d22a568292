// Bilingual dictionaries in the dictd format (tmalign/formats/dictd.h, src/formats/dictd_file):
// the reader, definition parsing, finding and naming dictionaries, and reading them into a
// BilingualDictionary, on fixtures in tests/formats/data/, on entry texts copied from the Debian
// packages, and on the installed dictionaries when they are there. Where a test says which words
// translate which, it asks the aligner's stem lexicon (src/align/lexicon), as the aligner would.
#include "support/temp_file.h"
#include "tmalign/formats/dictd.h"

#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "align/lexicon.h"
#include "formats/dictd_file.h"
#include "tmalign/align/dictionary.h"
#include "tmalign/core/error.h"

namespace tmalign {
namespace {

namespace fs = std::filesystem;
using align::Lexicon;
using detail::decode_dictd_number;
using detail::DictdDictionary;
using Pairs = std::vector<std::pair<std::string, std::string>>;

const fs::path kData = fs::path(TMALIGN_SOURCE_DIR) / "tests/formats/data";
const fs::path kInstalled = "/usr/share/dictd";

// ---- Helpers ---------------------------------------------------------------------------------

using testing::TempDir;

void write_file(const fs::path& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// dictd's base64 number, most significant digit first.
std::string dictd_number(std::uint64_t value) {
  constexpr std::string_view kDigits =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string digits;
  do {
    digits.insert(digits.begin(), kDigits[value % 64]);
    value /= 64;
  } while (value != 0);
  return digits;
}

std::string gzip(const std::string& text) {
  z_stream stream{};
  EXPECT_EQ(deflateInit2(&stream, 9, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
  std::string out(deflateBound(&stream, static_cast<uLong>(text.size())), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  stream.avail_in = static_cast<uInt>(text.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&stream, Z_FINISH), Z_STREAM_END);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

// A tiny dictd writer: DIR/NAME.index and DIR/NAME.dict (or .dict.dz); returns the index path.
fs::path write_dictionary(const fs::path& dir, const std::string& name,
                          const std::vector<std::pair<std::string, std::string>>& entries,
                          bool compress) {
  std::string data, index;
  for (const auto& [headword, text] : entries) {
    index += headword + "\t" + dictd_number(data.size()) + "\t" + dictd_number(text.size()) + "\n";
    data += text;
  }
  write_file(dir / (name + ".index"), index);
  write_file(dir / (name + (compress ? ".dict.dz" : ".dict")), compress ? gzip(data) : data);
  return dir / (name + ".index");
}

std::vector<std::pair<std::string, std::string>> entries_of(const DictdDictionary& dictionary) {
  std::vector<std::pair<std::string, std::string>> entries;
  dictionary.for_each([&](std::string_view headword, std::string_view definition) {
    entries.emplace_back(headword, definition);
  });
  return entries;
}

std::vector<std::string> translations_of(const Pairs& pairs) {
  std::vector<std::string> words;
  for (const auto& pair : pairs) words.push_back(pair.second);
  return words;
}

bool contains(const std::vector<std::string>& words, const std::string& word) {
  return std::ranges::find(words, word) != words.end();
}


// The stem lexicon the aligner builds from a dictionary.
Lexicon lexicon_of(const BilingualDictionary& dictionary) {
  Lexicon lexicon(dictionary.source_lang(), dictionary.target_lang());
  for (const auto& [source_word, target_word] : dictionary.pairs())
    lexicon.add_pair(source_word, target_word);
  lexicon.freeze();
  return lexicon;
}

bool has_pair(const BilingualDictionary& dictionary, const std::string& source,
              const std::string& target) {
  return std::ranges::find(dictionary.pairs(), std::make_pair(source, target)) !=
         dictionary.pairs().end();
}

// ---- dictd -----------------------------------------------------------------------------------

TEST(DictdNumber, DecodesDictdBase64MostSignificantDigitFirst) {
  EXPECT_EQ(decode_dictd_number("A"), 0u);
  EXPECT_EQ(decode_dictd_number("B"), 1u);
  EXPECT_EQ(decode_dictd_number("/"), 63u);
  EXPECT_EQ(decode_dictd_number("BA"), 64u);
  EXPECT_EQ(decode_dictd_number("C+m"), 2u * 4096 + 62 * 64 + 38);  // mueller7.index, 'cause
  EXPECT_EQ(decode_dictd_number("O3MQ"), 3896080u);                 // mueller7.index, house
  for (std::uint64_t value : {0ull, 5ull, 4095ull, 4096ull, 123456789ull, (1ull << 62) + 7})
    EXPECT_EQ(decode_dictd_number(dictd_number(value)), value);
}

TEST(DictdNumber, RejectsEmptyForeignAndOverlongDigits) {
  EXPECT_FALSE(decode_dictd_number(""));
  EXPECT_FALSE(decode_dictd_number("A="));
  EXPECT_FALSE(decode_dictd_number("12 "));
  EXPECT_FALSE(decode_dictd_number("-1"));
  EXPECT_FALSE(decode_dictd_number("///////////"));  // 2^66 - 1
}

TEST(DictdDictionary, ReadsTheFixtureAndSkipsMetadata) {
  const DictdDictionary dictionary = DictdDictionary::open(kData / "mini-en-ru.index");
  EXPECT_EQ(dictionary.size(), 4u);
  EXPECT_EQ(dictionary.data_file(), kData / "mini-en-ru.dict");
  const auto entries = entries_of(dictionary);
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries[0].first, "home");
  EXPECT_EQ(entries[0].second, "home\n   _n. дом; родина\n");
  EXPECT_EQ(entries[1].first, "house");
  EXPECT_TRUE(entries[1].second.starts_with("house\n   [haʊs]\n"));
  EXPECT_TRUE(entries[1].second.ends_with("поселить, приютить\n"));
  EXPECT_EQ(entries[2].first, "table");
}

TEST(DictdDictionary, ReadsDictzipDataAndPrefersItToPlain) {
  TempDir dir;
  const std::vector<std::pair<std::string, std::string>> entries = {
      {"00databaseinfo", "about\n"}, {"haus", "Haus /haʊ̯s/ <n>\nmaison\n"}};
  const fs::path index = write_dictionary(dir.path(), "test", entries, /*compress=*/true);
  write_file(dir.path() / "test.dict", "plain data that must not be read");
  const DictdDictionary dictionary = DictdDictionary::open(index);
  EXPECT_EQ(dictionary.data_file(), dir.path() / "test.dict.dz");
  const auto read = entries_of(dictionary);
  ASSERT_EQ(read.size(), 1u);
  EXPECT_EQ(read[0].second, "Haus /haʊ̯s/ <n>\nmaison\n");
}

TEST(DictdDictionary, AcceptsCrLfBlankLinesAndAFourthField) {
  TempDir dir;
  write_file(dir.path() / "d.dict", "one\ntwo\n");
  write_file(dir.path() / "d.index", "one\tA\tE\toriginal One\r\n\ntwo\tE\tE\n");
  const auto entries = entries_of(DictdDictionary::open(dir.path() / "d.index"));
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[1], std::make_pair(std::string("two"), std::string("two\n")));
}

// Expects open() to throw InputError at FILE:line:column with `text` in the message.
void expect_index_error(const std::string& index_text, std::size_t line, std::size_t column,
                        const std::string& text) {
  TempDir dir;
  write_file(dir.path() / "d.dict", "house\n   дом\ntable\n   стол\n");
  write_file(dir.path() / "d.index", index_text);
  try {
    DictdDictionary::open(dir.path() / "d.index");
    ADD_FAILURE() << "no error for " << index_text;
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), (dir.path() / "d.index").string());
    EXPECT_EQ(e.line(), line) << e.what();
    EXPECT_EQ(e.column(), column) << e.what();
    EXPECT_NE(std::string(e.what()).find(text), std::string::npos) << e.what();
  }
}

TEST(DictdDictionary, MalformedIndexLinesAreInputErrorsAtLineAndColumn) {
  expect_index_error("house\tA\tK\ntable without tabs\n", 2, 1, "expected HEADWORD<TAB>OFFSET");
  expect_index_error("house\tA\n", 1, 1, "expected HEADWORD<TAB>OFFSET");
  expect_index_error("house\tA\tK\ntable\tK!\tF\n", 2, 7, "offset 'K!'");
  expect_index_error("house\tA\t\n", 1, 9, "length ''");
  expect_index_error("house\tA\tK\ntable\tK\tZZ\n", 2, 7, "lies outside");
  expect_index_error("house\t//////////\tB\n", 1, 7, "lies outside");
}

TEST(DictdDictionary, MissingDataFileIsAnErrorNamingIt) {
  TempDir dir;
  write_file(dir.path() / "lonely.index", "house\tA\tK\n");
  try {
    DictdDictionary::open(dir.path() / "lonely.index");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("lonely.dict.dz"), std::string::npos) << e.what();
  }
  EXPECT_THROW(DictdDictionary::open(dir.path() / "absent.index"), Error);
}

TEST(DictdDictionary, TruncatedOrGarbageDictzipIsAnErrorNamingTheFile) {
  TempDir dir;
  const fs::path index =
      write_dictionary(dir.path(), "d", {{"house", std::string(5000, 'x')}}, true);
  const std::string whole = read_file(dir.path() / "d.dict.dz");
  const auto expect_error = [&](const std::string& data, const std::string& text) {
    write_file(dir.path() / "d.dict.dz", data);
    try {
      DictdDictionary::open(index);
      ADD_FAILURE() << "no error for " << text;
    } catch (const InputError& e) {
      ADD_FAILURE() << "an InputError, not a data error: " << e.what();
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find("d.dict.dz"), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find(text), std::string::npos) << e.what();
    }
  };
  expect_error(whole.substr(0, whole.size() / 2), "truncated");
  expect_error(whole.substr(0, whole.size() - 4), "truncated");
  expect_error("", "truncated");
  expect_error("this is not gzip at all", "not a valid gzip");
  std::string corrupt = whole;
  corrupt[corrupt.size() / 2] ^= 0x55;
  corrupt[corrupt.size() / 2 + 1] ^= 0x55;
  write_file(dir.path() / "d.dict.dz", corrupt);
  EXPECT_THROW(DictdDictionary::open(index), Error);
}

TEST(DictdDictionary, RandomDamageNeverCrashes) {
  TempDir dir;
  const std::vector<std::pair<std::string, std::string>> entries = {
      {"haus", "Haus /haʊ̯s/ <n>\n1. maison 2.\nGebäude\n 3.\nWohnung\n2. chambre\n"},
      {"schuster", "Schuster <n>\ncordonnier\nHandwerker\n"},
      {"teichufer", "Teichufer <n>\nrive d'étang\n"}};
  const fs::path index = write_dictionary(dir.path(), "d", entries, true);
  const std::string good_index = read_file(index);
  const std::string good_data = read_file(dir.path() / "d.dict.dz");
  std::mt19937 random(42);
  int refused = 0;  // rounds that ended in a clean Error (any other exception fails the test)
  for (int round = 0; round < 300; ++round) {
    std::string bad_index = good_index, bad_data = good_data;
    std::string& victim = round % 2 == 0 ? bad_index : bad_data;
    const int damage = 1 + static_cast<int>(random() % 4);
    for (int k = 0; k < damage; ++k) {
      const std::size_t at = random() % victim.size();
      switch (random() % 3) {
        case 0:
          victim[at] = static_cast<char>(random());
          break;
        case 1:
          victim.erase(at, 1 + random() % 8);
          break;
        default:
          victim.resize(at);
          break;
      }
      if (victim.empty()) break;
    }
    write_file(index, bad_index);
    write_file(dir.path() / "d.dict.dz", bad_data);
    try {
      const DictdDictionary dictionary = DictdDictionary::open(index);
      dictionary.for_each([](std::string_view headword, std::string_view definition) {
        parse_definition(DictionaryFormat::kFreedict, headword, definition);
        parse_definition(DictionaryFormat::kMueller, headword, definition);
      });
    } catch (const Error&) {
      ++refused;  // a clean error is the right outcome for damaged files
    }
  }
  EXPECT_GT(refused, 0) << "no damage was ever detected: the test damaged nothing";
}

// ---- Parsing definitions ---------------------------------------------------------------------
//
// Entry texts copied verbatim from the Debian packages installed in /usr/share/dictd:
//  * mueller7-dict 2002.02.27-13: V. K. Mueller, English-Russian Dictionary, 7th ed. (Moscow 1961);
//    electronic version by S. Starostin and E. S. Cymbalyuk, under the GNU GPL (its
//    00-database-info entry says so).
//  * dict-freedict-deu-fra and dict-freedict-fra-deu 2022.12.07-2: FreeDict+WikDict dictionaries
//    by Karl Bartel, from Wiktionary, under CC BY-SA 3.0 (their 00databaseinfo entries).

constexpr std::string_view kMuellerHouse = R"entry(house
   1. _n. [haʊs], _pl. [↗haʊzɪz]
      1) дом; жилище; здание
      2) дом; семья; хозяйство; to keep house вести хозяйство; to keep the
      house сидеть дома
      3) семья, род; дом, династия
      4) (тж. the H.) палата (парламента); a parliament of two houses
      двухпалатный парламент; lower house нижняя палата; upper house
      верхняя палата; H. of Commons палата общин; H. of Lords палата
      лордов; H. of Representatives палата представителей, нижняя палата
      конгресса США; third house _ам. _жарг. кулуары конгресса; to enter
      the H. стать членом парламента; to divide the house _парл. провести
      поимённое голосование; to make a house обеспечить кворум (в палате
      общин)
      5) торговая фирма
      6) (the H.) _разг. (лондонская) биржа
      7) театр; публика, зрители; appreciative house отзывчивая публика,
      аудитория; to bring down the (whole) house вызвать гром
      аплодисментов; full house аншлаг
      8) представление; сеанс; the first house starts at five o'clock первый
      сеанс начинается в пять часов
      9) (the H.) _разг. работный дом
      10)колледж университета; пансион при школе
      11)гостиница, постоялый двор
      12)религиозное братство
      13)_мор. рубка
      14)_attr. домашний, комнатный; house and home дом, домашний уют; house
      of call помещение, где собираются в ожидании клиентов возчики,
      рассыльные; извозчичья биржа и т.п.; house of correction
      исправительно-трудовая колония; on the house за счёт предприятия,
      бесплатно; a drink on the house бесплатная выпивка; to set (или to
      put) one's house in order привести в порядок свои дела; like a house
      on fire _разг. быстро и легко
   2. _v. [haʊz]
      1) предоставлять жилище; обеспечивать жильём
      2) поселить, приютить
      3) жить (в доме); we can house together мы можем поселиться вместе
      4) помещать, убирать (о вещах, имуществе и т.п.)
      5) _с-х. убирать (хлеб); загонять (скот)
      6) вмещать(ся), помещаться
      7) _воен. расквартировывать

)entry";

constexpr std::string_view kMuellerTable = R"entry(table
   [↗tɛɪbl]
   1. _n.
      1) стол; to be (или to sit) at table быть за столом, обедать и т.п.
      2) пища, стол; еда, кухня; to keep a good table иметь хорошую кухню;
      хорошо готовить; unfit for table несъедобный
      3) общество за столом; to keep the table amused развлекать гостей за
      столом
      4) доска (тж. для настольных игр)
      5) плита; дощечка; надпись на плите, дощечке; скрижаль; the ten tables
      _библ. десять заповедей
      6) таблица; расписание; табель; table of contents оглавление
      7) плоская поверхность
      8) горное плато, плоскогорье (тж. tableland)
      9) грань (драгоценного камня)
      10)_тех. стол (станка); планшайба; рольганг
      11)_архит. карниз
      12)_attr. столовый; to lay on the table _парл. отложить обсуждение
      (законопроекта); to lie (up) on the table _парл. быть отложенным, не
      обсуждаться (о законопроекте); upon the table публично обсуждаемый;
      общеизвестный; to take from the table _ам. вернуться к обсуждению
      (законопроекта); to turn the tables on (или upon) smb. бить
      противника его же оружием; поменяться ролями; under the table "под
      столом", пьяный
   2. _v.
      1) класть на стол
      2) предлагать, выносить на обсуждение
      3) составлять таблицы, расписание
      4) откладывать в долгий ящик, положить под сукно

)entry";

constexpr std::string_view kMuellerQuickly = R"entry(quickly
   [↗kwɪklɪ] _adv. быстро

)entry";

constexpr std::string_view kMuellerColor = R"entry(color
   [↗kʌlɜ] _ам. = colour

)entry";

constexpr std::string_view kMuellerGoExcerpt = R"entry(go
   [gɜʊ]
   1. _v. (went - gone)
      1) идти, ходить; быть в движении; передвигаться (в пространстве или во
      времени); the train goes to London поезд идёт в Лондон; who goes
      there? кто идёт? (окрик часового); to go after smb. идти за кем-л.
      {см. тж. go after}
      24)глагол-связка в составном именном сказуемом означает:
         а) постоянно находиться в каком-л. положении или состоянии; to go
         hungry быть, ходить всегда голодным; to go in rags ходить в
         лохмотьях;
         б) делаться, становиться; to go mad (или mental) сойти с ума; to go
         sick захворать; to go bust _разг. разориться; he goes hot and cold
         его бросает в жар и в холод
      25)в сочетании с последующим герундием означает: чем-то часто или
      постоянно заниматься; he goes frightening people with his stories он
      постоянно пугает людей своими рассказами; to go hunting ходить на
      охоту
      26)в обороте; be going _inf. смыслового глагола выражает намерение
      совершить какое-л. действие в ближайшем будущем: I am going to speak
      to her я намереваюсь поговорить с ней; it is going to rain собирается
      дождь
      27)to go to sea стать моряком; to go to school получать школьное
      образование; ходить в школу; to go on the stage стать актёром; to go
      on the streets стать проституткой; go about
         а) расхаживать, ходить туда и сюда;
         б) циркулировать, иметь хождение (о слухах; о деньгах);
         в) делать поворот кругом;
         г) _мор. делать поворот оверштаг; go after
         а) искать;
         б) находить удовольствие в; go against противоречить, идти против
         (убеждений); go ahead
         а) двигаться вперёд; go ahead! вперёд!; продолжайте!; действуйте!;
         б) идти напролом;
         в) идти впереди (на состязании); go along
         а) двигаться;
         б) продолжать;
         в) сопровождать (with); go at _разг.
         а) бросаться на кого-л.;
         б) энергично браться за что-л.; go away уходить, убираться; go back
         а) возвращаться;
         б) нарушить (обещание; слово - on, upon);
         в) отказаться (on, upon - от своих слов);
         г) изменить (друзьям - on, upon); go behind пересматривать,
         рассматривать заново, изучать (основания, данные); go between быть
         посредником между; go beyond превышать что-л.; go by
         а) проходить (о времени);
         б) проходить мимо;
         в) судить по;
         г) руководствоваться; I go by the barometer я руководствуюсь
         барометром; go down
         а) спускаться; опускаться; to go down in the world опуститься,
         потерять былое положение (в обществе);
         б) затонуть;
)entry";

constexpr std::string_view kFreedictAusrichten = R"entry(ausrichten /ˈaʊ̯sˌʁɪçtn̩/ <v>
1. orienter
eine Richtung geben, justieren
2. accueillir, organiser
veranstalten

)entry";

constexpr std::string_view kFreedictAbholen = R"entry(abholen /ˈapˌhoːlən/ <v>
1. récupérer 2.
von einem Ort nehmen, um es (mit sich) an einen anderen zu bringen
 3.
jemand an einem vereinbarten Ort treffen und mit ihm an einen anderen Ort gehen
2. arrêter, emmener
verhaften

)entry";

constexpr std::string_view kFreedictAbziehen = R"entry(abziehen /ˈapˌt͡siːən/ <v>
1. se retirer
sich entfernen
2. retirer, ôter
etwas von etwas herunter-, wegziehen oder entfernen
3. soustraire, retirer, ôter
subtrahieren
4. aiguiser
ein Messer, Klinge: durch Reibung schärfen
5. taxer
stehlen oder rauben
6. faire une photocopie de
eine Fotokopie erstellen, einen Abzug machen
7. tirer la chasse
die Spülung einer Toilette betätigen

)entry";

constexpr std::string_view kFreedictPersonenbeschreibung =
    R"entry(Personenbeschreibung /pɛʁˈzoːnənbəˌʃʁaɪ̯bʊŋ/ <n, fem>
description de la personne, signalement
Angabe der Eigenschaften und/oder Merkmale einer Person

)entry";

constexpr std::string_view kFreedictPecher = R"entry(pêcher /pe.ʃe/ /pɛ.ʃe/ <v>
fischen, angeln
Prendre du poisson

)entry";

constexpr std::string_view kFreedictAbaisser = R"entry(abaisser /a.be.se/ /a.bɛ.se/ <v>
1. absenken, reduzieren, senken
Diminuer la quantité
2. demütigen, erniedrigen, diskreditieren, entwürdigen, herablassen, in Misskredit bringen
Déprimer, humilier quelqu’un
3. senken, herabsetzen, absenken
Mettre plus bas

)entry";

std::vector<std::string> mueller(std::string_view headword, std::string_view entry) {
  const Pairs pairs = parse_definition(DictionaryFormat::kMueller, headword, entry);
  for (const auto& pair : pairs) EXPECT_EQ(pair.first, headword);
  return translations_of(pairs);
}

std::vector<std::string> freedict(std::string_view headword, std::string_view entry) {
  const Pairs pairs = parse_definition(DictionaryFormat::kFreedict, headword, entry);
  for (const auto& pair : pairs) EXPECT_EQ(pair.first, headword);
  return translations_of(pairs);
}

TEST(MuellerDefinition, TakesSingleWordTranslationsOfEverySense) {
  const auto words = mueller("house", kMuellerHouse);
  for (const char* word :
       {"дом", "жилище", "здание", "семья", "хозяйство", "род", "династия", "палата", "биржа",
        "театр", "публика", "зрители", "гостиница", "домашний", "комнатный", "поселить", "приютить",
        "жить", "расквартировывать"})
    EXPECT_TRUE(contains(words, word)) << word;
}

TEST(MuellerDefinition, SkipsExamplesTheirRenderingsLabelsAndRemarks) {
  const auto words = mueller("house", kMuellerHouse);
  // "to keep house вести хозяйство"; "full house аншлаг"; "on the house за счёт предприятия,
  // бесплатно"; "third house _ам. _жарг. кулуары конгресса"; "(парламента)", "[haʊs]", "_n."
  for (const char* word : {"вести", "аншлаг", "бесплатно", "кулуары", "парламента", "haʊs", "n",
                           "торговая фирма", "ам"})
    EXPECT_FALSE(contains(words, word)) << word;
  for (const std::string& word : words)
    EXPECT_EQ(word.find_first_of(" .()[]_;,"), std::string::npos) << word;
}

TEST(MuellerDefinition, KeepsSensesOpenedByALabelAndJoinsNothingAcrossSenses) {
  const auto words = mueller("table", kMuellerTable);
  for (const char* word :
       {"стол", "пища", "еда", "кухня", "доска", "плита", "скрижаль", "таблица", "расписание",
        "табель", "плоскогорье", "грань", "карниз", "столовый", "планшайба", "рольганг"})
    EXPECT_TRUE(contains(words, word)) << word;
  for (const char* word : {"несъедобный", "оглавление", "публично", "пьяный", "общеизвестный"})
    EXPECT_FALSE(contains(words, word)) << word;
}

TEST(MuellerDefinition, ShortEntriesAndCrossReferences) {
  EXPECT_EQ(mueller("quickly", kMuellerQuickly), std::vector<std::string>{"быстро"});
  EXPECT_TRUE(mueller("color", kMuellerColor).empty());  // "_ам. = colour"
}

TEST(MuellerDefinition, LetteredSensesFollowWhatTheyBelongTo) {
  const auto words = mueller("go", kMuellerGoExcerpt);
  // 24) а) ...; б) делаться, становиться: senses of "go" itself.
  EXPECT_TRUE(contains(words, "идти"));
  EXPECT_TRUE(contains(words, "делаться"));
  EXPECT_TRUE(contains(words, "становиться"));
  // go about а) расхаживать ...; go down а) ... б) затонуть: senses of the phrasal verbs.
  for (const char* word : {"затонуть", "искать", "двигаться", "продолжать", "возвращаться",
                           "руководствоваться", "противоречить", "превышать"})
    EXPECT_FALSE(contains(words, word)) << word;
}

TEST(FreedictDefinition, TranslationLinesAreToldFromGlossesByPosition) {
  // "2. accueillir, organiser" is followed by the German gloss "veranstalten".
  EXPECT_EQ(freedict("ausrichten", kFreedictAusrichten),
            (std::vector<std::string>{"orienter", "accueillir", "organiser"}));
  // "1. récupérer 2." then sub-sense glosses " 3." before "2. arrêter, emmener".
  EXPECT_EQ(freedict("abholen", kFreedictAbholen),
            (std::vector<std::string>{"récupérer", "arrêter", "emmener"}));
  // One unnumbered sense: only the first line translates ("Prendre du poisson" is a gloss).
  EXPECT_EQ(freedict("pêcher", kFreedictPecher), (std::vector<std::string>{"fischen", "angeln"}));
}

TEST(FreedictDefinition, PhrasesGiveNothingButAReflexiveOrArticleIsDropped) {
  // "se retirer" -> "retirer"; "faire une photocopie de", "tirer la chasse": nothing.
  EXPECT_EQ(freedict("abziehen", kFreedictAbziehen),
            (std::vector<std::string>{"retirer", "retirer", "ôter", "soustraire", "retirer", "ôter",
                                      "aiguiser", "taxer"}));
  EXPECT_EQ(freedict("personenbeschreibung", kFreedictPersonenbeschreibung),
            std::vector<std::string>{"signalement"});
  const auto abaisser = freedict("abaisser", kFreedictAbaisser);
  EXPECT_TRUE(contains(abaisser, "erniedrigen"));
  EXPECT_FALSE(contains(abaisser, "Misskredit"));  // "in Misskredit bringen"
  EXPECT_EQ(abaisser.size(), 11u);
}

TEST(FreedictDefinition, FunctionWordRules) {
  const auto parse = [](std::string_view headword, std::string_view line) {
    return freedict(headword, std::string(headword) + " <n>\n" + std::string(line) + "\n");
  };
  EXPECT_EQ(parse("gehen", "to go, to be going"), std::vector<std::string>{"go"});
  EXPECT_EQ(parse("haus", "la maison, le"), std::vector<std::string>{"maison"});
  // l' and s' are dropped, other elisions kept whole ("d'étang" is "of a pond", like "aujourd'hui")
  EXPECT_EQ(parse("teich", "l'étang, l’étang, d'étang"),
            (std::vector<std::string>{"étang", "étang", "d'étang"}));
  EXPECT_EQ(parse("asseoir", "sich setzen, s'asseoir"),
            (std::vector<std::string>{"setzen", "asseoir"}));
  EXPECT_EQ(parse("zahl", "nombre (mathématique), 1000., x-y, -x, y-, chiffre!"),
            (std::vector<std::string>{"nombre", "x-y", "chiffre"}));
}

TEST(Definition, AHeadwordOfSeveralWordsGivesNothing) {
  EXPECT_TRUE(freedict("a priori", "a priori <adv>\na priori\n").empty());
  EXPECT_TRUE(mueller("'cause", "'cause\n   _cj. потому что\n").empty());
  EXPECT_TRUE(freedict("to go", "to go <v>\naller\n").empty());  // articles only in translations
}

TEST(Definition, OddTextNeverThrows) {
  std::mt19937 random(7);
  const std::string alphabet = "ab дом();,.:_[]{}\n 1)а)2.\t'-\xff\xd0";
  for (int round = 0; round < 2000; ++round) {
    std::string text;
    const std::size_t length = random() % 80;
    for (std::size_t k = 0; k < length; ++k) text += alphabet[random() % alphabet.size()];
    EXPECT_NO_THROW(parse_definition(DictionaryFormat::kMueller, "house", text));
    EXPECT_NO_THROW(parse_definition(DictionaryFormat::kFreedict, "haus", text));
    EXPECT_NO_THROW(parse_definition(DictionaryFormat::kFreedict, text, "x\n1. y\n"));
  }
}

// ---- Reading dictionaries -------------------------------------------------------------------

TEST(ReadDictionary, AddsTheWordPairsForwardOrReversedByItsLanguages) {
  const DictionaryFile file{kData / "mini-en-ru.index", "en", "ru", DictionaryFormat::kMueller};
  BilingualDictionary forward_pairs("en", "ru");
  read_dictionary(file, forward_pairs);
  // house: дом жилище семья поселить приютить; table: стол таблица; home: дом родина
  EXPECT_EQ(forward_pairs.size(), 9u);
  EXPECT_TRUE(has_pair(forward_pairs, "house", "дом"));
  EXPECT_TRUE(has_pair(forward_pairs, "home", "родина"));
  EXPECT_FALSE(has_pair(forward_pairs, "table", "накрыть"));  // an example's rendering
  const Lexicon forward = lexicon_of(forward_pairs);
  EXPECT_TRUE(forward.translates("houses", "домами"));
  EXPECT_TRUE(forward.translates("home", "родины"));
  EXPECT_TRUE(forward.translates("table", "таблице"));
  EXPECT_FALSE(forward.translates("table", "накрыть"));
  EXPECT_EQ(forward.pairs(), 9u);

  BilingualDictionary reversed_pairs("ru-RU", "en-GB");
  read_dictionary(file, reversed_pairs);
  EXPECT_EQ(reversed_pairs.size(), forward_pairs.size());
  EXPECT_TRUE(has_pair(reversed_pairs, "дом", "house"));
  EXPECT_FALSE(has_pair(reversed_pairs, "house", "дом"));
  const Lexicon reversed = lexicon_of(reversed_pairs);
  EXPECT_EQ(reversed.pairs(), forward.pairs());
  EXPECT_TRUE(reversed.translates("домами", "houses"));
  EXPECT_TRUE(reversed.translates("дом", "home"));
  EXPECT_FALSE(reversed.translates("houses", "дом"));
  const auto dom = reversed.translations(reversed.source_id("дом"));
  EXPECT_EQ(dom.size(), 2u);  // house, home
}

TEST(ReadDictionary, ADictionaryForAnotherPairIsAnOptionErrorNamingIt) {
  const DictionaryFile file{kData / "mini-en-ru.index", "en", "ru", DictionaryFormat::kMueller};
  BilingualDictionary other("de", "fr");
  try {
    read_dictionary(file, other);
    FAIL() << "no exception";
  } catch (const OptionError& e) {
    EXPECT_NE(std::string(e.what()).find("mini-en-ru.index translates en to ru"), std::string::npos)
        << e.what();
  }
  EXPECT_TRUE(other.empty());
  BilingualDictionary not_a_tag("not a tag", "ru");
  EXPECT_THROW(read_dictionary(file, not_a_tag), OptionError);
}

TEST(ReadDictionary, ADictionaryThatCannotBeReadThrowsAndAddsNoPairs) {
  TempDir dir;
  write_file(dir.path() / "broken.index", "house\tA\n");
  write_file(dir.path() / "broken.dict", "house\n");
  BilingualDictionary dictionary("en", "ru");
  dictionary.add("house", "дом");
  EXPECT_THROW(
      read_dictionary({dir.path() / "broken.index", "en", "ru", DictionaryFormat::kMueller},
                      dictionary),
      InputError);
  EXPECT_THROW(
      read_dictionary({dir.path() / "absent.index", "en", "ru", DictionaryFormat::kMueller},
                      dictionary),
      Error);
  EXPECT_EQ(dictionary.size(), 1u);
}

TEST(FindDictionaries, FindsEveryInstalledDictionaryForThePairInEitherDirection) {
  TempDir dir;
  for (const char* name : {"mueller7.index", "freedict-deu-fra.index", "freedict-fra-deu.index",
                           "freedict-eng-rus.index", "freedict-eng-deu.index", "mueller7.dict.dz"})
    write_file(dir.path() / name, "");
  const auto names = [&](const std::string& source, const std::string& target) {
    std::vector<std::string> out;
    for (const DictionaryFile& file : find_dictionaries(source, target, dir.path()))
      out.push_back(file.index.filename().string() + " " + file.from + ">" + file.to +
                    (file.format == DictionaryFormat::kMueller ? " mueller" : " freedict"));
    return out;
  };
  EXPECT_EQ(names("ru", "en"), (std::vector<std::string>{"freedict-eng-rus.index en>ru freedict",
                                                         "mueller7.index en>ru mueller"}));
  EXPECT_EQ(names("en-US", "ru"), names("ru", "en"));
  EXPECT_EQ(names("de", "fr"), (std::vector<std::string>{"freedict-deu-fra.index de>fr freedict",
                                                         "freedict-fra-deu.index fr>de freedict"}));
  EXPECT_EQ(names("fr", "de"), names("de", "fr"));
  EXPECT_EQ(names("deu", "eng"),
            (std::vector<std::string>{"freedict-eng-deu.index en>de freedict"}));
  EXPECT_TRUE(names("ja", "en").empty());
  EXPECT_TRUE(names("ru", "ru").empty());
  EXPECT_TRUE(find_dictionaries("ru", "en", dir.path() / "absent").empty());
  EXPECT_THROW(find_dictionaries("not a tag", "en", dir.path()), OptionError);
}

TEST(DictionaryFile, LanguagesAndFormatComeFromTheFileName) {
  const auto describe = [](const fs::path& index) {
    const DictionaryFile file = dictionary_file(index);
    return file.index.string() + " " + file.from + ">" + file.to +
           (file.format == DictionaryFormat::kMueller ? " mueller" : " freedict");
  };
  EXPECT_EQ(describe("/usr/share/dictd/mueller7.index"),
            "/usr/share/dictd/mueller7.index en>ru mueller");
  EXPECT_EQ(describe("freedict-deu-fra.index"), "freedict-deu-fra.index de>fr freedict");
  EXPECT_EQ(describe("dir/freedict-eng-rus.index"), "dir/freedict-eng-rus.index en>ru freedict");
  // A language without an ISO 639-1 code keeps its ISO 639-3 one.
  EXPECT_EQ(describe("freedict-gla-deu.index"), "freedict-gla-deu.index gd>de freedict");
  EXPECT_EQ(describe("freedict-kha-deu.index"), "freedict-kha-deu.index kha>de freedict");
  // What find_dictionaries() finds, dictionary_file() names alike.
  TempDir dir;
  write_file(dir.path() / "freedict-fra-deu.index", "");
  for (const DictionaryFile& found : find_dictionaries("de", "fr", dir.path())) {
    const DictionaryFile named = dictionary_file(found.index);
    EXPECT_EQ(named.from, found.from);
    EXPECT_EQ(named.to, found.to);
    EXPECT_EQ(named.format, found.format);
  }
}

TEST(DictionaryFile, AnyOtherNameIsAnOptionErrorNamingTheFile) {
  for (const char* name :
       {"mydict.index", "mueller7.dict.dz", "mueller7", "freedict-deu.index",
        "freedict-deu-fra-x.index", "freedict-de-fr.index", "freedict-DEU-FRA.index",
        "freedict-deu-deu.index", "freedict-deu-fra.dict.dz", ""}) {
    try {
      dictionary_file(fs::path("some/dir") / name);
      ADD_FAILURE() << "no exception for " << name;
    } catch (const OptionError& e) {
      EXPECT_NE(std::string(e.what()).find("some/dir/" + std::string(name)), std::string::npos)
          << e.what();
      EXPECT_NE(std::string(e.what()).find("freedict-XXX-YYY.index"), std::string::npos)
          << e.what();
    }
  }
}

TEST(InstalledDictionary, ReadsEveryDictionaryForThePairInEitherDirection) {
  TempDir dir;
  write_dictionary(dir.path(), "freedict-deu-fra",
                   {{"00databaseinfo", "about\n"}, {"haus", "Haus <n>\nmaison\nGebäude\n"}}, true);
  write_dictionary(dir.path(), "freedict-fra-deu", {{"pêcher", "pêcher <v>\nfischen, angeln\n"}},
                   false);
  write_dictionary(dir.path(), "freedict-deu-eng", {{"haus", "Haus <n>\nhouse\n"}}, false);
  const BilingualDictionary dictionary = installed_dictionary("de-CH", "fr", dir.path());
  EXPECT_EQ(dictionary.source_lang(), "de-CH");
  EXPECT_EQ(dictionary.target_lang(), "fr");
  EXPECT_EQ(dictionary.pairs(),
            (Pairs{{"haus", "maison"}, {"fischen", "pêcher"}, {"angeln", "pêcher"}}));
  EXPECT_TRUE(installed_dictionary("ru", "en", dir.path()).empty());
  EXPECT_TRUE(installed_dictionary("de", "fr", dir.path() / "absent").empty());
  EXPECT_THROW(installed_dictionary("not a tag", "fr", dir.path()), OptionError);
}

TEST(InstalledDictionary, AnUnreadableDictionaryThrowsNamingIt) {
  TempDir dir;
  write_dictionary(dir.path(), "freedict-deu-fra", {{"haus", "Haus <n>\nmaison\n"}}, false);
  write_file(dir.path() / "freedict-fra-deu.index", "pêcher\tA\n");
  write_file(dir.path() / "freedict-fra-deu.dict", "pêcher\n");
  try {
    installed_dictionary("de", "fr", dir.path());
    FAIL() << "no exception";
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), (dir.path() / "freedict-fra-deu.index").string());
  }
}

// ---- The installed dictionaries --------------------------------------------------------------

TEST(InstalledDictionaries, MuellerTranslatesInflectedRussianFormsThroughStems) {
  if (!fs::exists(kInstalled / "mueller7.index"))
    GTEST_SKIP() << kInstalled / "mueller7.index"
                 << " is absent (Debian package mueller7-dict)";
  const Lexicon lexicon = lexicon_of(installed_dictionary("ru", "en", kInstalled));
  EXPECT_GT(lexicon.pairs(), 50000u);
  EXPECT_TRUE(lexicon.translates("дом", "house"));
  EXPECT_TRUE(lexicon.translates("домами", "houses"));
  EXPECT_TRUE(lexicon.translates("Столом", "tables"));
  EXPECT_TRUE(lexicon.translates("быстро", "quickly"));
  EXPECT_FALSE(lexicon.translates("аншлаг", "house"));  // only as "full house аншлаг"

  BilingualDictionary english_pairs("en", "ru");
  read_dictionary({kInstalled / "mueller7.index", "en", "ru", DictionaryFormat::kMueller},
                  english_pairs);
  const Lexicon english = lexicon_of(english_pairs);
  EXPECT_GT(english.pairs(), 50000u);
  EXPECT_TRUE(english.translates("houses", "домах"));
}

TEST(InstalledDictionaries, FreedictGermanFrenchBothWays) {
  if (!fs::exists(kInstalled / "freedict-deu-fra.index") ||
      !fs::exists(kInstalled / "freedict-fra-deu.index"))
    GTEST_SKIP() << "freedict-deu-fra / freedict-fra-deu are absent from " << kInstalled
                 << " (Debian packages dict-freedict-deu-fra, dict-freedict-fra-deu)";
  const auto files = find_dictionaries("de", "fr", kInstalled);
  ASSERT_EQ(files.size(), 2u);
  BilingualDictionary pairs("de", "fr");
  for (const DictionaryFile& file : files) read_dictionary(file, pairs);
  const Lexicon lexicon = lexicon_of(pairs);
  EXPECT_GT(lexicon.pairs(), 50000u);
  EXPECT_TRUE(lexicon.translates("Häuser", "maisons"));
  EXPECT_TRUE(lexicon.translates("Schuster", "cordonnier"));
  EXPECT_TRUE(lexicon.translates("fischen", "pêcher"));  // only in fra-deu, reversed
  EXPECT_FALSE(lexicon.translates("ausrichten", "veranstalten"));
}

}  // namespace
}  // namespace tmalign
