// Uses the installed library the way another program would: segment, align, score.
#include <tmalign/align/aligner.h>
#include <tmalign/match/fuzzy.h>
#include <tmalign/segment/segmenter.h>

#include <iostream>

int main() {
  const auto ru = tmalign::Segmenter({.language = "ru"}).segment("Привет, мир. Как дела?");
  const auto en = tmalign::Segmenter({.language = "en"}).segment("Hello, world. How are you?");
  const auto beads = tmalign::Aligner({.source_lang = "ru", .target_lang = "en"}).align(ru, en);
  const int score = tmalign::fuzzy_score("Как дела?", "Как ваши дела?");
  std::cout << ru.size() << ' ' << en.size() << ' ' << beads.size() << ' ' << score << '\n';
  return ru.size() == 2 && en.size() == 2 && beads.size() == 2 && score > 0 && score < 100 ? 0 : 1;
}
