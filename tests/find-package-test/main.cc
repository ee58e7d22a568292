// Uses the installed library the way another program would: segment, align, score, and write
// and read back TMX (pugixml and expat, linked privately by the static libraries).
#include <tmalign/align/aligner.h>
#include <tmalign/formats/tmx.h>
#include <tmalign/match/fuzzy.h>
#include <tmalign/segment/segmenter.h>

#include <iostream>
#include <sstream>

int main() {
  const auto ru = tmalign::Segmenter({.language = "ru"}).segment("Привет, мир. Как дела?");
  const auto en = tmalign::Segmenter({.language = "en"}).segment("Hello, world. How are you?");
  const auto beads = tmalign::Aligner({.source_lang = "ru", .target_lang = "en"}).align(ru, en);
  const int score = tmalign::fuzzy_score("Как дела?", "Как ваши дела?");
  tmalign::TranslationUnit unit;
  unit.source = ru[0].text;
  unit.target = en[0].text;
  unit.source_lang = "ru";
  unit.target_lang = "en";
  std::ostringstream tmx;
  tmalign::write_tmx(tmx, {unit});
  const bool round_trip = tmalign::read_tmx(tmx.str(), "consumer.tmx") == std::vector{unit};
  std::cout << ru.size() << ' ' << en.size() << ' ' << beads.size() << ' ' << score << ' '
            << round_trip << '\n';
  return ru.size() == 2 && en.size() == 2 && beads.size() == 2 && score > 0 && score < 100 &&
                 round_trip
             ? 0
             : 1;
}
