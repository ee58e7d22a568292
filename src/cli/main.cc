// tmalign: the command-line front of the library. It parses options, fills the library's option
// structs, calls the library and prints; it is the only place that talks to the terminal or
// chooses an exit code. The contract of every command is in docs/cli.md.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <filesystem>
#include <future>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

#include "tmalign/align/aligner.h"
#include "tmalign/core/error.h"
#include "tmalign/core/language.h"
#include "tmalign/core/text.h"
#include "tmalign/core/types.h"
#include "tmalign/formats/beads.h"
#include "tmalign/formats/dictd.h"
#include "tmalign/formats/srx.h"
#include "tmalign/formats/tmx.h"
#include "tmalign/formats/tsv.h"
#include "tmalign/formats/xliff.h"
#include "tmalign/segment/segment_stream.h"
#include "tmalign/segment/segmenter.h"
#include "tmalign/store/analysis.h"
#include "tmalign/store/pretranslation.h"
#include "tmalign/store/translation_memory.h"

#include "progress.h"

#ifndef TMALIGN_VERSION
#define TMALIGN_VERSION "unknown"
#endif

namespace tmalign::cli {
namespace {

// Exit codes: 0 success, 1 bad input or a failed operation, 2 bad command line.
constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

std::string json_dump(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::strict);
}

// Sentences of a file given as one sentence per line: blank lines separate paragraphs and are not
// sentences; each line's surrounding white space is not part of its sentence.
std::vector<Sentence> lines_as_sentences(const std::string& text) {
  std::vector<Sentence> sentences;
  std::size_t paragraph = 0;
  bool paragraph_open = false;
  std::size_t line_start = 0;
  while (line_start <= text.size()) {
    std::size_t line_end = text.find('\n', line_start);
    if (line_end == std::string::npos) line_end = text.size();
    std::size_t begin = line_start, end = line_end;
    while (begin < end && std::isspace(static_cast<unsigned char>(text[begin]))) ++begin;
    while (end > begin && std::isspace(static_cast<unsigned char>(text[end - 1]))) --end;
    if (begin == end) {
      if (paragraph_open) ++paragraph;
      paragraph_open = false;
    } else {
      sentences.push_back({text.substr(begin, end - begin), {begin, end}, paragraph});
      paragraph_open = true;
    }
    line_start = line_end + 1;
  }
  return sentences;
}

std::vector<Sentence> read_sentences(const std::string& path, const std::string& language,
                                     bool presegmented) {
  const std::string text = read_text_file(path);
  std::vector<Sentence> sentences =
      presegmented ? lines_as_sentences(text) : Segmenter({.language = language}).segment(text);
  if (sentences.empty()) throw InputError("no sentences found", path);
  return sentences;
}

// Writes `content` to `path` through a temporary file and a rename, so that an interrupted or
// failed export never leaves half a file where a good one was.
// An output file: written to PATH.tmp, renamed onto PATH by commit(), removed when never
// committed (an error half-way leaves PATH as it was). pretranslate writes its XLIFF and its TMX
// both or neither; export streams a TMX into one.
class PendingFile {
 public:
  explicit PendingFile(std::string path) : path_(std::move(path)), temporary_(path_ + ".tmp") {
    errno = 0;
    out_.open(temporary_, std::ios::binary | std::ios::trunc);
    if (!out_)
      throw InputError(std::string("cannot write: ") +
                           (errno != 0 ? std::strerror(errno) : "cannot create " + temporary_),
                       path_);
    written_ = true;
  }
  PendingFile(std::string path, const std::string& content) : PendingFile(std::move(path)) {
    out_ << content;
  }
  ~PendingFile() {
    std::error_code ignored;
    if (written_ && !committed_) {
      out_.close();
      std::filesystem::remove(temporary_, ignored);
    }
  }
  PendingFile(const PendingFile&) = delete;
  PendingFile& operator=(const PendingFile&) = delete;

  std::ostream& stream() { return out_; }

  void commit() {
    out_.flush();
    if (!out_) throw InputError("write failed (disk full?)", path_);
    out_.close();
    std::error_code error;
    std::filesystem::rename(temporary_, path_, error);
    if (error) throw InputError("cannot replace: " + error.message(), path_);
    committed_ = true;
  }

 private:
  std::string path_;
  std::string temporary_;
  std::ofstream out_;
  bool written_ = false;
  bool committed_ = false;
};

bool is_tmx_path(const std::string& path) {
  std::string extension = std::filesystem::path(path).extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return extension == ".tmx";
}

// The progress bar's options: drawn on standard error when it is a terminal, from 1 s on. The
// environment variable TMALIGN_PROGRESS_DELAY_MS (milliseconds) changes that delay, so that a
// test can see the bar of a quick operation.
ProgressOptions progress_options(ProgressUnit unit = ProgressUnit::Items) {
  ProgressOptions options{.unit = unit};
  if (const char* delay = std::getenv("TMALIGN_PROGRESS_DELAY_MS")) {
    unsigned milliseconds = 0;
    const char* end = delay + std::strlen(delay);
    const auto [stop, error] = std::from_chars(delay, end, milliseconds);
    if (error == std::errc() && stop == end && stop != delay)
      options.delay = std::chrono::milliseconds(milliseconds);
  }
  return options;
}

// --collection NAME, repeatable: the commands that read a TM look only at these collections.
void add_collections_option(CLI::App& command, std::vector<std::string>& collections) {
  command
      .add_option("--collection", collections,
                  "Only units of this collection (repeatable; default: every collection)")
      ->allow_extra_args(false);  // one name a --collection: the positional argument follows
}

// ------------------------------------------------------------------------------------ segment
struct SegmentArgs {
  std::string language;
  std::string format = "text";
  std::string input = "-";
  std::string srx;  // an SRX 2.0 file whose rules for `language` apply on top of the built-in ones
  bool srx_only = false;    // the SRX rules alone decide
  bool export_srx = false;  // print the built-in rules as SRX 2.0 instead of segmenting
};

// The segmenter options of `segment` and `analyze`: the built-in rules for `language`, with those
// of an SRX file on top (or alone, with srx_only).
SegmenterOptions segmenter_options(const std::string& language, const std::string& srx,
                                   bool srx_only) {
  SegmenterOptions options{.language = language};
  if (!srx.empty()) {
    options.user_rules = read_srx_file(srx).rules_for(language);
    if (options.user_rules.empty())
      throw OptionError("SRX file " + srx + " has no rules for language '" + language +
                        "' (no languagemap pattern matches it)");
    options.rules_only = srx_only;
  }
  return options;
}

int run_segment(const SegmentArgs& args) {
  if (args.export_srx) {
    write_srx(std::cout, builtin_srx());
    return std::cout.flush() ? 0 : 1;
  }
  const SegmenterOptions options = segmenter_options(args.language, args.srx, args.srx_only);
  // The text is read, segmented and printed piece by piece: memory stays bounded whatever the
  // size of the input.
  const Segmenter segmenter(options);
  SegmentStream stream(segmenter);
  TextReader reader(args.input);
  std::optional<std::size_t> last_paragraph;
  const auto print = [&](const std::vector<Sentence>& sentences) {
    std::string out;
    for (const Sentence& s : sentences) {
      if (args.format == "jsonl") {
        out += json_dump({{"text", s.text},
                          {"start", s.span.start},
                          {"end", s.span.end},
                          {"paragraph", s.paragraph}});
      } else {
        if (last_paragraph && s.paragraph != *last_paragraph) out += '\n';
        out += single_line(s.text);  // a sentence joined across a hard-wrapped line
      }
      out += '\n';
      last_paragraph = s.paragraph;
    }
    std::cout << out;
  };
  for (std::string piece = reader.next(); !piece.empty(); piece = reader.next())
    print(stream.feed(piece));
  print(stream.finish());
  return 0;
}

// ------------------------------------------------------------------------------- dictionaries
// The bilingual dictionary `align` and `import` align with (docs/cli.md, "Dictionaries").
struct DictionaryArgs {
  std::vector<std::string> files;        // --dictionary: dictd indexes, instead of the installed
  bool none = false;                     // --no-dictionary
  std::string dir = "/usr/share/dictd";  // --dictionary-dir: where the installed ones are
};

void add_dictionary_options(CLI::App& command, DictionaryArgs& args) {
  CLI::Option* files =
      command
          .add_option("--dictionary", args.files,
                      "A dictd dictionary to use instead of the installed ones: its .index file, "
                      "named mueller7 or freedict-XXX-YYY (repeatable)")
          ->allow_extra_args(false);  // one file a --dictionary: SRC TGT follow
  CLI::Option* dir =
      command
          .add_option("--dictionary-dir", args.dir,
                      "Where the installed dictionaries are (all those for the pair are used)")
          ->excludes(files)
          ->capture_default_str();
  command.add_flag("--no-dictionary", args.none, "Align without a bilingual dictionary")
      ->excludes(files)
      ->excludes(dir);
}

// The --dictionary files, each of which must be read (an error otherwise); else every installed
// dictionary for the pair, leaving out with a warning one that cannot be read; nothing with
// --no-dictionary. Warnings go through `progress` (above its bar) when there is one.
std::optional<BilingualDictionary> load_dictionary(const DictionaryArgs& args,
                                                   const AlignerOptions& languages,
                                                   Progress* progress = nullptr) {
  if (args.none) return std::nullopt;
  BilingualDictionary dictionary(languages.source_lang, languages.target_lang);
  if (!args.files.empty()) {
    for (const std::string& file : args.files) read_dictionary(dictionary_file(file), dictionary);
    return dictionary;
  }
  for (const DictionaryFile& file :
       find_dictionaries(languages.source_lang, languages.target_lang, args.dir)) {
    try {
      read_dictionary(file, dictionary);
    } catch (const Error& e) {
      std::string message = e.what();
      if (message.find(file.index.string()) == std::string::npos)
        message = file.index.string() + ": " + message;
      message = "tmalign: warning: left out an installed dictionary: " + message;
      if (progress)
        progress->message(message);
      else
        std::cerr << message << '\n';
    }
  }
  return dictionary;
}

// -------------------------------------------------------------------------------------- align
struct AlignArgs {
  std::string source_lang;
  std::string target_lang;
  std::string format = "tsv";
  bool presegmented = false;
  double min_score = 0.0;
  DictionaryArgs dictionary;
  std::string source;
  std::string target;
};

int run_align(const AlignArgs& args) {
  const AlignerOptions options{.source_lang = args.source_lang, .target_lang = args.target_lang};
  options.validate();
  const auto source = read_sentences(args.source, args.source_lang, args.presegmented);
  const auto target = read_sentences(args.target, args.target_lang, args.presegmented);
  const auto dictionary = load_dictionary(args.dictionary, options);
  const Alignment alignment =
      Aligner(options, dictionary ? &*dictionary : nullptr).align(source, target);
  std::ostringstream out;
  for (const Bead& bead : alignment) {
    if (args.format == "beads") {
      out << format_bead(bead) << '\n';
    } else {
      // Beads below --min-score stay in the output, marked, so that nothing is lost silently.
      std::ostringstream line;
      write_tsv_row(line, bead_text(source, bead.source), bead_text(target, bead.target),
                    bead.score);
      std::string row = line.str();
      if (bead.score < args.min_score) row.insert(row.size() - 1, "\tlow");
      out << row;
    }
  }
  std::cout << out.str();
  return 0;
}

// ------------------------------------------------------------------------------------- import
struct ImportArgs {
  std::string db;
  std::string source_lang;
  std::string target_lang;
  double min_score = 0.0;
  bool presegmented = false;
  std::string collection = "default";  // --collection: the collection the units go into
  DictionaryArgs dictionary;
  std::vector<std::string> files;
};

void print_import_result(const ImportResult& result, const std::string& origin,
                         const std::string& db) {
  std::cout << "imported " << result.units_read << " units from " << origin << " into " << db
            << ": " << result.units_added << " new, " << result.units_known
            << " already in the TM (import #" << result.import_id << ")\n";
}

// Units handed to the TM in one batch (TranslationMemory::Import::add).
constexpr std::size_t kImportBatch = 10000;

// Removes a TM file that this run created (with its -wal, -shm and -journal companions), when the
// import into it failed: a failed import leaves nothing behind, not even an empty TM.
class CreatedFileGuard {
 public:
  explicit CreatedFileGuard(std::string path)
      : path_(std::move(path)), created_(!std::filesystem::exists(path_)) {}
  ~CreatedFileGuard() {
    if (!created_ || kept_) return;
    std::error_code ignored;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"})
      std::filesystem::remove(path_ + suffix, ignored);
  }
  CreatedFileGuard(const CreatedFileGuard&) = delete;
  CreatedFileGuard& operator=(const CreatedFileGuard&) = delete;
  void keep() { kept_ = true; }

 private:
  std::string path_;
  bool created_;
  bool kept_ = false;
};

// import of a text and its translation: segments and aligns them, then stores the units, with a
// progress bar through these stages when they take a while. Everything is read, checked and
// aligned before the TM is opened for writing: bad input never touches it, and the import
// itself is one transaction.
int import_texts(const ImportArgs& args) {
  if (args.source_lang.empty() || args.target_lang.empty())
    throw OptionError("import of a text and its translation needs --src-lang and --tgt-lang");
  const AlignerOptions options{.source_lang = args.source_lang, .target_lang = args.target_lang};
  options.validate();
  const ImportOptions import_options{.origin = args.files[0] + " + " + args.files[1],
                                     .collection = args.collection};
  Progress progress("import: segmenting", 0, progress_options());
  const auto source = read_sentences(args.files[0], args.source_lang, args.presegmented);
  const auto target = read_sentences(args.files[1], args.target_lang, args.presegmented);
  const auto dictionary = load_dictionary(args.dictionary, options, &progress);
  progress.stage("import: aligning " + std::to_string(source.size()) + " + " +
                 std::to_string(target.size()) + " sentences");
  const Alignment alignment =
      Aligner(options, dictionary ? &*dictionary : nullptr).align(source, target);
  const std::vector<TranslationUnit> units =
      make_units(alignment, source, target, options, args.files[0], args.min_score);

  progress.stage("import: storing", units.size());
  CreatedFileGuard created(args.db);
  TranslationMemory tm(args.db, TranslationMemory::Mode::Create);
  TranslationMemory::Import import = tm.begin_import(import_options);
  for (std::size_t begin = 0; begin < units.size(); begin += kImportBatch) {
    const std::size_t end = std::min(units.size(), begin + kImportBatch);
    import.add(std::vector<TranslationUnit>(units.begin() + static_cast<std::ptrdiff_t>(begin),
                                            units.begin() + static_cast<std::ptrdiff_t>(end)));
    progress.update(end);
  }
  progress.stage("import: committing");
  const ImportResult result = import.commit();
  progress.finish();
  created.keep();
  print_import_result(result, import_options.origin, args.db);
  return 0;
}

int run_import(const ImportArgs& args) {
  check_collection_name(args.collection);  // before the TM is created
  if (args.files.size() == 2) return import_texts(args);
  const std::string& file = args.files.at(0);
  if (!is_tmx_path(file))
    throw OptionError("import of one file takes a TMX file (*.tmx), got '" + file +
                      "'; to align a text with its translation give two files");
  if (!args.dictionary.files.empty())
    throw OptionError("import of a TMX file aligns nothing: --dictionary is for two texts");
  // The TMX is read as a stream, a batch at a time, into one transaction: an error anywhere in
  // the file (found when the reader gets there) rolls the whole import back, and a TM that this
  // run created is removed again. The next batch is parsed on another thread while the TM stores
  // the last one (and tokenises the one before on a third: TranslationMemory::Import).
  TmxReader reader(file);
  CreatedFileGuard created(args.db);
  TranslationMemory tm(args.db, TranslationMemory::Mode::Create);
  TranslationMemory::Import import =
      tm.begin_import(ImportOptions{.origin = file, .collection = args.collection});
  Progress progress("import", reader.total_bytes(), progress_options(ProgressUnit::Bytes));
  const auto read_batch = [&reader, &file] {
    std::vector<TranslationUnit> batch;
    reader.next(batch, kImportBatch);
    for (TranslationUnit& unit : batch)
      if (unit.document.empty()) unit.document = file;
    return batch;
  };
  std::future<std::vector<TranslationUnit>> ahead = std::async(std::launch::async, read_batch);
  for (;;) {
    std::vector<TranslationUnit> batch = ahead.get();
    if (batch.empty()) break;
    ahead = std::async(std::launch::async, read_batch);
    import.add(std::move(batch));
    progress.update(reader.bytes_read());
  }
  if (import.units_read() == 0)
    throw InputError("no translation units with a source and a target", file);
  progress.stage("import: committing");
  const ImportResult result = import.commit();
  progress.finish();
  created.keep();
  print_import_result(result, file, args.db);
  return 0;
}

// -------------------------------------------------------------------------------------- query
struct QueryArgs {
  std::string db;
  QueryOptions options;
  bool json = false;
  // --context-before/--context-after: the sentences around the query in its document ("" at its
  // start or end), hashed into options.context_before/after when given.
  std::optional<std::string> context_before;
  std::optional<std::string> context_after;
  std::string text;
};

// A unit's texts, languages and provenance as `query --json` and `concordance --json` print them
// (dates and creators "" when unknown).
nlohmann::json unit_json(const TranslationUnit& unit) {
  return {{"source", unit.source},         {"target", unit.target},
          {"source_lang", unit.source_lang}, {"target_lang", unit.target_lang},
          {"document", unit.document},     {"position", unit.position},
          {"created_at", unit.created_at}, {"created_by", unit.created_by},
          {"changed_at", unit.changed_at}, {"changed_by", unit.changed_by}};
}

// An ISO 8601 UTC date as the store gives it, "2026-11-27T10:44:14Z", shortened for a terminal
// to "2026-11-27 10:44"; anything else unchanged.
std::string short_date(const std::string& date) {
  if (date.size() == 20 && date[10] == 'T' && date[13] == ':' && date[19] == 'Z')
    return date.substr(0, 10) + " " + date.substr(11, 5);
  return date;
}

// "created 2026-11-27 10:44 by anna, changed 2026-11-28 09:15 by boris": who made a unit and
// when, the parts that are known; the change only when it differs from the creation.
std::string provenance_text(const TranslationUnit& unit) {
  const auto part = [](const char* what, const std::string& at, const std::string& by) {
    std::string text = what;
    if (!at.empty()) text += " " + short_date(at);
    if (!by.empty()) text += " by " + by;
    return text;
  };
  std::string text;
  if (!unit.created_at.empty() || !unit.created_by.empty())
    text = part("created", unit.created_at, unit.created_by);
  if ((!unit.changed_at.empty() || !unit.changed_by.empty()) &&
      (unit.changed_at != unit.created_at || unit.changed_by != unit.created_by))
    text += (text.empty() ? "" : ", ") + part("changed", unit.changed_at, unit.changed_by);
  return text;
}

int run_query(QueryArgs args) {
  if (args.context_before) args.options.context_before = context_hash(*args.context_before);
  if (args.context_after) args.options.context_after = context_hash(*args.context_after);
  args.options.validate();
  const TranslationMemory tm(args.db, TranslationMemory::Mode::ReadOnly);
  const std::vector<Match> matches = tm.query(args.text, args.options);
  std::ostringstream out;
  if (args.json) {
    nlohmann::json array = nlohmann::json::array();
    for (const Match& m : matches) {
      nlohmann::json match = unit_json(m.unit);
      match["score"] = m.score;
      match["adapted_target"] = m.adapted_target;
      array.push_back(std::move(match));
    }
    out << json_dump(array) << '\n';
  } else {
    // A match a line, then indented: the target with the query's numbers put in, when they
    // differ, and who made the unit when. Units with the same source and other targets follow
    // one another (the same score), each with its dates.
    for (const Match& m : matches) {
      out << m.score << "%\t" << tsv_escape(m.unit.source) << '\t' << tsv_escape(m.unit.target)
          << '\n';
      if (!m.adapted_target.empty()) out << "  numbers: " << tsv_escape(m.adapted_target) << '\n';
      if (const std::string provenance = provenance_text(m.unit); !provenance.empty())
        out << "  " << provenance << '\n';
    }
  }
  std::cout << out.str();
  if (matches.empty() && !args.json)
    std::cerr << "tmalign: no match at or above " << args.options.min_score << "%\n";
  return 0;
}

// ------------------------------------------------------------------------------------ analyze
struct AnalyzeArgs {
  std::string db;
  std::string language;     // --lang: the document's language, the source language matched
  std::string target_lang;  // --tgt-lang: only units with this target language; empty = any
  std::vector<std::string> collections;  // --collection: only units of these; empty = all
  std::string srx;
  bool srx_only = false;
  bool json = false;
  std::string input;
};

int run_analyze(const AnalyzeArgs& args) {
  AnalysisOptions options{.source_lang = args.language,
                          .target_lang = args.target_lang,
                          .collections = args.collections};
  options.validate();
  const Segmenter segmenter(segmenter_options(args.language, args.srx, args.srx_only));
  const TranslationMemory tm(args.db, TranslationMemory::Mode::ReadOnly);
  const std::string text = read_text_file(args.input);
  Progress progress("analyze: segmenting", 0, progress_options());
  const std::vector<Sentence> sentences = segmenter.segment(text);
  if (sentences.empty()) throw InputError("no sentences found", args.input);
  progress.stage("analyze", sentences.size());
  options.progress = [&progress](std::size_t done, std::size_t) { progress.update(done); };
  const Analysis analysis = analyze(sentences, tm, options);
  progress.finish();

  const auto count_json = [](const SegmentCount& c) {
    return nlohmann::json{{"segments", c.segments}, {"words", c.words}};
  };
  std::ostringstream out;
  if (args.json) {
    nlohmann::json bands = nlohmann::json::array();
    for (std::size_t b = 0; b < kBandCount; ++b) {
      nlohmann::json band = count_json(analysis.bands[b]);
      band["band"] = band_name(static_cast<MatchBand>(b));
      band["min_score"] = kBandLowestScore[b];
      bands.push_back(band);
    }
    nlohmann::json segments = nlohmann::json::array();
    for (std::size_t i = 0; i < sentences.size(); ++i) {
      const SegmentAnalysis& s = analysis.segments[i];
      segments.push_back({{"text", sentences[i].text},
                          {"start", sentences[i].span.start},
                          {"end", sentences[i].span.end},
                          {"words", s.words},
                          {"score", s.best_score},
                          {"band", band_name(s.band)},
                          {"repetition_of", s.repetition_of ? nlohmann::json(*s.repetition_of)
                                                            : nlohmann::json(nullptr)}});
    }
    out << json_dump({{"document", args.input},
                      {"db", args.db},
                      {"source_lang", args.language},
                      {"target_lang", args.target_lang},
                      {"bands", bands},
                      {"repetitions", count_json(analysis.repetitions)},
                      {"total", count_json(analysis.total)},
                      {"segments", segments}})
        << '\n';
  } else {
    // CAT-tool order: context matches, repetitions, then the bands from 100 % down.
    const auto row = [&](std::string_view name, const SegmentCount& c) {
      const double percent =
          analysis.total.words == 0
              ? 0.0
              : 100.0 * static_cast<double>(c.words) / static_cast<double>(analysis.total.words);
      out << std::left << std::setw(12) << name << std::right << std::setw(10) << c.segments
          << std::setw(10) << c.words << std::setw(9) << std::fixed << std::setprecision(1)
          << percent << "%\n";
    };
    out << "analysis of " << args.input << " against " << args.db << " (" << args.language << " -> "
        << (args.target_lang.empty() ? "any" : args.target_lang) << ")\n";
    out << std::left << std::setw(12) << "match" << std::right << std::setw(10) << "segments"
        << std::setw(10) << "words" << std::setw(10) << "words %" << '\n';
    row(band_name(MatchBand::Context), analysis.band(MatchBand::Context));
    row("repetitions", analysis.repetitions);
    for (std::size_t b = 1; b < kBandCount; ++b)
      row(band_name(static_cast<MatchBand>(b)), analysis.bands[b]);
    row("total", analysis.total);
  }
  std::cout << out.str();
  return 0;
}

// ------------------------------------------------------------------------------- pretranslate
struct PretranslateArgs {
  std::string db;
  PretranslationOptions options;
  std::string srx;
  bool srx_only = false;
  bool copy_source = false;  // untranslated segments get their source as a needs-translation target
  std::string output;        // -o: the XLIFF file; empty or "-" = standard output
  std::string export_tmx;    // --export-tmx: a TMX of the units offered; empty = none
  std::string input;
};

// True when the paths name the same file (or would: neither need exist).
bool same_file(const std::string& a, const std::string& b) {
  std::error_code error;
  const auto canonical_a = std::filesystem::weakly_canonical(a, error);
  if (error) return false;
  const auto canonical_b = std::filesystem::weakly_canonical(b, error);
  return !error && canonical_a == canonical_b;
}

// The XLIFF of a pre-translated document: the target's state says whether it can stand
// (translated) or needs a look (needs-review-translation); its qualifier says what kind of match it
// came from; every match offered is an <alt-trans> with its score. docs/formats.md ("XLIFF 1.2").
XliffDocument pretranslation_xliff(const PretranslateArgs& args,
                                   const std::vector<Sentence>& sentences,
                                   const std::vector<PretranslatedSegment>& segments) {
  XliffDocument document{.original = args.input == "-" ? "stdin" : args.input,
                         .source_lang = args.options.source_lang,
                         .target_lang = args.options.target_lang,
                         .units = {}};
  for (std::size_t i = 0; i < sentences.size(); ++i) {
    const PretranslatedSegment& segment = segments[i];
    XliffTransUnit unit{.id = std::to_string(i + 1), .source = sentences[i].text, .target = {}};
    if (segment.status != TargetStatus::Untranslated) {
      unit.target = segment.target;
      unit.state =
          segment.status == TargetStatus::Translated ? "translated" : "needs-review-translation";
      unit.state_qualifier = segment.band == MatchBand::Context ? "id-match"
                             : segment.band == MatchBand::Exact ? "exact-match"
                                                                : "fuzzy-match";
    } else if (args.copy_source) {
      unit.target = sentences[i].text;
      unit.state = "needs-translation";
    }
    for (const Match& m : segment.matches)
      unit.alternatives.push_back(
          {.source = m.unit.source,
           .target = m.adapted_target.empty() ? m.unit.target : m.adapted_target,
           .match_quality = m.score,
           .origin = args.db});
    document.units.push_back(std::move(unit));
  }
  return document;
}

int run_pretranslate(PretranslateArgs args) {
  args.options.validate();
  const bool to_stdout = args.output.empty() || args.output == "-";
  if (args.export_tmx == "-")
    throw OptionError("--export-tmx needs a file name (standard output is for the XLIFF)");
  // Outputs that would overwrite an input are refused before anything is read.
  for (const std::string* out : {&args.output, &args.export_tmx}) {
    if (out->empty() || *out == "-") continue;
    if (same_file(*out, args.db) || (args.input != "-" && same_file(*out, args.input)))
      throw OptionError("output " + *out + " would overwrite an input (the TM or the document)");
  }
  if (!to_stdout && !args.export_tmx.empty() && same_file(args.output, args.export_tmx))
    throw OptionError("-o and --export-tmx name the same file " + args.output);

  const Segmenter segmenter(segmenter_options(args.options.source_lang, args.srx, args.srx_only));
  const TranslationMemory tm(args.db, TranslationMemory::Mode::ReadOnly);
  const std::string text = read_text_file(args.input);
  Progress progress("pretranslate: segmenting", 0, progress_options());
  const std::vector<Sentence> sentences = segmenter.segment(text);
  if (sentences.empty()) throw InputError("no sentences found", args.input);
  progress.stage("pretranslate", sentences.size());
  args.options.progress = [&progress](std::size_t done, std::size_t) { progress.update(done); };
  const std::vector<PretranslatedSegment> segments = pretranslate(sentences, tm, args.options);
  progress.finish();

  std::ostringstream xliff;
  write_xliff(xliff, pretranslation_xliff(args, sentences, segments));
  std::optional<PendingFile> xliff_file, tmx_file;
  std::size_t tmx_units = 0;
  if (!args.export_tmx.empty()) {
    const std::vector<TranslationUnit> units = offered_units(segments);
    tmx_units = units.size();
    std::ostringstream tmx;
    TmxWriteOptions tmx_options;
    tmx_options.source_lang = args.options.source_lang;
    write_tmx(tmx, units, tmx_options);
    tmx_file.emplace(args.export_tmx, tmx.str());
  }
  if (!to_stdout) xliff_file.emplace(args.output, xliff.str());
  if (tmx_file) tmx_file->commit();
  if (xliff_file) xliff_file->commit();
  if (to_stdout) std::cout << xliff.str() << std::flush;

  std::size_t translated = 0, to_review = 0, repetitions = 0;
  for (const PretranslatedSegment& s : segments) {
    translated += s.status == TargetStatus::Translated;
    to_review += s.status == TargetStatus::NeedsReview;
    repetitions += s.repetition_of.has_value();
  }
  std::cerr << "tmalign: pretranslated " << segments.size() << " segments of " << args.input << ": "
            << translated << " translated, " << to_review << " to review, "
            << segments.size() - translated - to_review << " without a match of "
            << args.options.min_score << "% or more (" << repetitions << " repetitions)"
            << (to_stdout ? "" : "; wrote " + args.output)
            << (args.export_tmx.empty()
                    ? ""
                    : "; wrote " + std::to_string(tmx_units) + " units to " + args.export_tmx)
            << '\n';
  return 0;
}

// -------------------------------------------------------------------------------- concordance
struct ConcordanceArgs {
  std::string db;
  ConcordanceOptions options;
  std::string side = "both";
  std::string color = "auto";
  bool json = false;
  std::string phrase;
};

// `text` as a TSV field with `spans` (sorted) between `on` and `off` (or unmarked when both are
// empty); overlapping spans are marked as one.
std::string marked_field(const std::string& text, const std::vector<TextSpan>& spans,
                         const char* on, const char* off) {
  std::string out;
  std::size_t done = 0;
  for (std::size_t i = 0; i < spans.size(); ++i) {
    const std::size_t begin = std::max(spans[i].begin, done);
    std::size_t end = spans[i].end;
    while (i + 1 < spans.size() && spans[i + 1].begin <= end) end = std::max(end, spans[++i].end);
    if (begin >= end || end > text.size()) continue;
    out += tsv_escape(std::string_view(text).substr(done, begin - done));
    out += on;
    out += tsv_escape(std::string_view(text).substr(begin, end - begin));
    out += off;
    done = end;
  }
  return out + tsv_escape(std::string_view(text).substr(done));
}

nlohmann::json spans_json(const std::vector<TextSpan>& spans) {
  nlohmann::json array = nlohmann::json::array();
  for (const TextSpan& span : spans) array.push_back({span.begin, span.end});
  return array;
}

int run_concordance(ConcordanceArgs args) {
  args.options.side = args.side == "source"   ? ConcordanceOptions::Side::Source
                      : args.side == "target" ? ConcordanceOptions::Side::Target
                                              : ConcordanceOptions::Side::Both;
  args.options.validate();
  const TranslationMemory tm(args.db, TranslationMemory::Mode::ReadOnly);
  const std::vector<ConcordanceHit> hits = tm.concordance(args.phrase, args.options);
  std::ostringstream out;
  if (args.json) {
    nlohmann::json array = nlohmann::json::array();
    for (const ConcordanceHit& hit : hits) {
      nlohmann::json unit = unit_json(hit.unit);
      unit["source_hits"] = spans_json(hit.source_hits);
      unit["target_hits"] = spans_json(hit.target_hits);
      array.push_back(std::move(unit));
    }
    out << json_dump(array) << '\n';
  } else {
    // Bold reverse video on a terminal (or --color always); unmarked TSV otherwise.
    const bool color = args.color == "always" || (args.color == "auto" && ::isatty(STDOUT_FILENO));
    const char* on = color ? "\x1b[1;7m" : "";
    const char* off = color ? "\x1b[0m" : "";
    for (const ConcordanceHit& hit : hits)
      out << marked_field(hit.unit.source, hit.source_hits, on, off) << '\t'
          << marked_field(hit.unit.target, hit.target_hits, on, off) << '\n';
  }
  std::cout << out.str();
  if (hits.empty() && !args.json)
    std::cerr << "tmalign: no unit contains '" << args.phrase << "'\n";
  return 0;
}

// ------------------------------------------------------------------------------------- export
struct ExportArgs {
  std::string db;
  std::string format = "tmx";
  std::string output;
  std::string source_lang;
  std::string target_lang;
  std::vector<std::string> collections;  // --collection: only units of these; empty = all
};

int run_export(const ExportArgs& args) {
  const TranslationMemory tm(args.db, TranslationMemory::Mode::ReadOnly);
  // What will be exported, from the statistics, before anything is written: a TMX has one
  // source language, and an empty export is an error, not an empty file.
  const StoreStats stats = tm.stats();
  for (const std::string& name : args.collections)
    if (std::find(stats.collections.begin(), stats.collections.end(), name) ==
        stats.collections.end()) {
      std::string known;
      for (const std::string& collection : stats.collections)
        known += (known.empty() ? "" : ", ") + collection;
      throw OptionError("no collection '" + name + "' in " + args.db + " (it has: " +
                        (known.empty() ? "none" : known) + ")");
    }
  std::size_t count = 0;
  std::string source_lang;
  for (const StoreStats::LanguagePair& pair : stats.language_pairs) {
    if ((!args.collections.empty() &&
         std::find(args.collections.begin(), args.collections.end(), pair.collection) ==
             args.collections.end()) ||
        (!args.source_lang.empty() && pair.source_lang != args.source_lang) ||
        (!args.target_lang.empty() && pair.target_lang != args.target_lang) || pair.units == 0)
      continue;
    if (!source_lang.empty() && pair.source_lang != source_lang)
      throw OptionError(args.db + " holds units with source languages '" + source_lang +
                        "' and '" + pair.source_lang +
                        "': a TMX has one source language, choose it with --src-lang");
    source_lang = pair.source_lang;
    count += pair.units;
  }
  if (count == 0)
    throw Error(args.db + ": no units to export" +
                (args.source_lang.empty() && args.target_lang.empty()
                     ? std::string()
                     : " for the languages asked"));
  // The units go out one at a time, from one snapshot of the TM: memory does not grow with it.
  const bool to_stdout = args.output.empty() || args.output == "-";
  std::optional<PendingFile> file;
  if (!to_stdout) file.emplace(args.output);
  std::ostream& out = to_stdout ? std::cout : file->stream();
  TmxWriteOptions options;
  options.source_lang = source_lang;
  TmxWriter writer(out, options);
  tm.for_each_unit(
      args.collections, [&](const TranslationUnit& unit) { writer.write(unit); },
      args.source_lang, args.target_lang);
  writer.finish();
  if (to_stdout) {
    std::cout.flush();
    if (!std::cout) throw Error("cannot write the TMX to standard output");
  } else {
    file->commit();
    std::cerr << "tmalign: wrote " << writer.units_written() << " units to " << args.output << '\n';
  }
  return 0;
}

// -------------------------------------------------------------------------------------- stats
struct StatsArgs {
  std::string db;
  bool json = false;
};

int run_stats(const StatsArgs& args) {
  const TranslationMemory tm(args.db, TranslationMemory::Mode::ReadOnly);
  const StoreStats stats = tm.stats();
  // Units per collection (the sum of its language pairs).
  std::vector<std::size_t> collection_units(stats.collections.size(), 0);
  for (const auto& p : stats.language_pairs) {
    const auto c = std::find(stats.collections.begin(), stats.collections.end(), p.collection);
    if (c != stats.collections.end())
      collection_units[static_cast<std::size_t>(c - stats.collections.begin())] += p.units;
  }
  if (args.json) {
    nlohmann::json pairs = nlohmann::json::array();
    for (const auto& p : stats.language_pairs)
      pairs.push_back({{"collection", p.collection},
                       {"source_lang", p.source_lang},
                       {"target_lang", p.target_lang},
                       {"units", p.units}});
    nlohmann::json collections = nlohmann::json::array();
    for (std::size_t c = 0; c < stats.collections.size(); ++c)
      collections.push_back({{"name", stats.collections[c]}, {"units", collection_units[c]}});
    std::cout << json_dump({{"schema_version", stats.schema_version},
                            {"units", stats.units},
                            {"documents", stats.documents},
                            {"imports", stats.imports},
                            {"collections", collections},
                            {"language_pairs", pairs}})
              << '\n';
    return 0;
  }
  std::ostringstream out;
  out << "translation memory: " << args.db << '\n'
      << "schema version:     " << stats.schema_version << '\n'
      << "units:              " << stats.units << '\n'
      << "documents:          " << stats.documents << '\n'
      << "imports:            " << stats.imports << '\n'
      << "collections:        " << stats.collections.size() << '\n';
  for (std::size_t c = 0; c < stats.collections.size(); ++c) {
    out << "  " << stats.collections[c] << ": " << collection_units[c] << " units\n";
    for (const auto& p : stats.language_pairs)
      if (p.collection == stats.collections[c])
        out << "    " << p.source_lang << " -> " << p.target_lang << ": " << p.units << " units\n";
  }
  std::cout << out.str();
  return 0;
}

int run(int argc, char** argv) {
  CLI::App app{
      "tmalign: sentence segmentation, alignment and a translation memory for translators"};
  app.set_version_flag("--version", std::string("tmalign ") + TMALIGN_VERSION);
  app.require_subcommand(1);
  app.footer("Run 'tmalign COMMAND --help' for a command's options. Docs: docs/cli.md");

  const auto language_check = CLI::Validator(
      [](std::string& value) -> std::string {
        if (!is_language_tag(value))
          return "'" + value + "' is not a BCP 47 language tag (e.g. ru, en, pt-BR)";
        return {};
      },
      "LANG", "language code");

  SegmentArgs segment;
  CLI::App* cmd_segment =
      app.add_subcommand("segment", "Split a text into sentences, one per line");
  // Required unless --export-srx (checked after parsing: CLI11 has no "required unless").
  CLI::Option* segment_lang =
      cmd_segment
          ->add_option("--lang", segment.language, "Language of the text (BCP 47: ru, en ...)")
          ->check(language_check);
  cmd_segment->add_option("--format", segment.format, "Output: text (one sentence a line) or jsonl")
      ->check(CLI::IsMember({"text", "jsonl"}))
      ->capture_default_str();
  cmd_segment->add_option("file", segment.input, "UTF-8 text file; - or nothing reads stdin")
      ->capture_default_str();
  CLI::Option* srx_option = cmd_segment->add_option(
      "--srx", segment.srx,
      "SRX 2.0 rules (e.g. from OmegaT, Okapi, Trados): those for --lang apply before the "
      "built-in rules");
  cmd_segment
      ->add_flag("--srx-only", segment.srx_only,
                 "Only the --srx rules decide where sentences end (no built-in rules)")
      ->needs(srx_option);
  cmd_segment
      ->add_flag("--export-srx", segment.export_srx,
                 "Print tmalign's built-in ru and en rules as SRX 2.0 (for OmegaT, Trados ...) "
                 "and exit")
      ->excludes(segment_lang)
      ->excludes(srx_option);

  AlignArgs align;
  CLI::App* cmd_align =
      app.add_subcommand("align", "Pair the sentences of a text and its translation");
  cmd_align->add_option("--src-lang", align.source_lang, "Language of SRC")
      ->required()
      ->check(language_check);
  cmd_align->add_option("--tgt-lang", align.target_lang, "Language of TGT")
      ->required()
      ->check(language_check);
  cmd_align->add_option("--format", align.format, "Output: tsv (source, target, score) or beads")
      ->check(CLI::IsMember({"tsv", "beads"}))
      ->capture_default_str();
  cmd_align->add_flag("--presegmented", align.presegmented,
                      "The files hold one sentence per line (no segmentation)");
  cmd_align
      ->add_option("--min-score", align.min_score,
                   "Mark TSV rows of beads scoring below this confidence with a 4th column 'low'")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  add_dictionary_options(*cmd_align, align.dictionary);
  cmd_align->add_option("src", align.source, "Source text file")->required();
  cmd_align->add_option("tgt", align.target, "Target (translation) text file")->required();

  ImportArgs import;
  CLI::App* cmd_import =
      app.add_subcommand("import", "Store pairs in a TM: align SRC with TGT, or read FILE.tmx");
  cmd_import->add_option("--db", import.db, "Translation memory file (created when missing)")
      ->required();
  cmd_import->add_option("--src-lang", import.source_lang, "Language of SRC")
      ->check(language_check);
  cmd_import->add_option("--tgt-lang", import.target_lang, "Language of TGT")
      ->check(language_check);
  cmd_import
      ->add_option("--min-score", import.min_score,
                   "Leave out aligned pairs with a confidence below this")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  cmd_import->add_flag("--presegmented", import.presegmented,
                       "SRC and TGT hold one sentence per line (no segmentation)");
  cmd_import
      ->add_option("--collection", import.collection,
                   "The collection (a named TM inside the file) the units go into; made when "
                   "missing")
      ->capture_default_str();
  add_dictionary_options(*cmd_import, import.dictionary);
  cmd_import->add_option("files", import.files, "SRC TGT (two texts) or FILE.tmx")
      ->required()
      ->expected(1, 2);

  QueryArgs query;
  CLI::App* cmd_query = app.add_subcommand("query", "Fuzzy-match a sentence against a TM");
  cmd_query->add_option("--db", query.db, "Translation memory file")->required();
  cmd_query->add_option("--min-score", query.options.min_score, "Lowest match score, percent")
      ->check(CLI::Range(0, 101))
      ->capture_default_str();
  cmd_query->add_option("--limit", query.options.limit, "Most matches to show")
      ->check(CLI::Range(std::size_t{1}, std::size_t{10000}))
      ->capture_default_str();
  cmd_query
      ->add_option("--src-lang", query.options.source_lang, "Only units with this source language")
      ->check(language_check);
  cmd_query
      ->add_option("--tgt-lang", query.options.target_lang, "Only units with this target language")
      ->check(language_check);
  add_collections_option(*cmd_query, query.options.collections);
  CLI::Option* context_before = cmd_query->add_option(
      "--context-before", query.context_before,
      "The sentence before TEXT in its document (\"\" at its start): a 100 % match stored in the "
      "same context scores 101");
  CLI::Option* context_after = cmd_query->add_option(
      "--context-after", query.context_after,
      "The sentence after TEXT in its document (\"\" at its end); needs --context-before");
  context_before->needs(context_after);
  context_after->needs(context_before);
  cmd_query->add_flag("--exhaustive", query.options.exhaustive,
                      "Score every unit with the reference algorithm, without the index (slow; "
                      "for checking the index, which must give the same matches)");
  cmd_query->add_flag("--json", query.json, "Print a JSON array of matches");
  cmd_query->add_option("text", query.text, "The sentence to look up")->required();

  AnalyzeArgs analyze;
  CLI::App* cmd_analyze = app.add_subcommand(
      "analyze", "Count a document's segments and words per TM match band, as CAT tools do");
  cmd_analyze->add_option("--db", analyze.db, "Translation memory file")->required();
  cmd_analyze
      ->add_option("--lang", analyze.language,
                   "Language of the document (segmentation; units with this source language)")
      ->required()
      ->check(language_check);
  cmd_analyze->add_option("--tgt-lang", analyze.target_lang, "Only units with this target language")
      ->check(language_check);
  add_collections_option(*cmd_analyze, analyze.collections);
  CLI::Option* analyze_srx = cmd_analyze->add_option(
      "--srx", analyze.srx, "SRX 2.0 rules applied before the built-in ones (as for segment)");
  cmd_analyze
      ->add_flag("--srx-only", analyze.srx_only, "Only the --srx rules decide where sentences end")
      ->needs(analyze_srx);
  cmd_analyze->add_flag("--json", analyze.json, "Print JSON (bands, totals and every segment)");
  cmd_analyze->add_option("file", analyze.input, "UTF-8 text file; - reads stdin")->required();
  PretranslateArgs pretranslate;
  CLI::App* cmd_pretranslate = app.add_subcommand(
      "pretranslate", "Write a document as XLIFF 1.2 with the TM's best matches as translations");
  cmd_pretranslate->add_option("--db", pretranslate.db, "Translation memory file")->required();
  cmd_pretranslate
      ->add_option("--src-lang", pretranslate.options.source_lang,
                   "Language of the document (segmentation; units with this source language)")
      ->required()
      ->check(language_check);
  cmd_pretranslate
      ->add_option("--tgt-lang", pretranslate.options.target_lang,
                   "Language to translate into (units with this target language)")
      ->required()
      ->check(language_check);
  cmd_pretranslate
      ->add_option("--min-score", pretranslate.options.min_score,
                   "The best match becomes the target from this score on, percent")
      ->check(CLI::Range(0, 101))
      ->capture_default_str();
  cmd_pretranslate
      ->add_option("--alternatives", pretranslate.options.alternatives,
                   "Most matches offered in <alt-trans> besides the best one")
      ->check(CLI::Range(std::size_t{0}, std::size_t{100}))
      ->capture_default_str();
  cmd_pretranslate
      ->add_option("--min-alt-score", pretranslate.options.min_alternative_score,
                   "Lowest score of a match offered in <alt-trans>, percent")
      ->check(CLI::Range(0, 101))
      ->capture_default_str();
  add_collections_option(*cmd_pretranslate, pretranslate.options.collections);
  cmd_pretranslate->add_flag(
      "--copy-source", pretranslate.copy_source,
      "Give segments without a match their source as target, state needs-translation");
  CLI::Option* pretranslate_srx = cmd_pretranslate->add_option(
      "--srx", pretranslate.srx, "SRX 2.0 rules applied before the built-in ones (as for segment)");
  cmd_pretranslate
      ->add_flag("--srx-only", pretranslate.srx_only,
                 "Only the --srx rules decide where sentences end")
      ->needs(pretranslate_srx);
  cmd_pretranslate->add_option("-o,--output", pretranslate.output,
                               "XLIFF file to write (default: stdout)");
  cmd_pretranslate->add_option("--export-tmx", pretranslate.export_tmx,
                               "Also write the TM units offered for the document as TMX 1.4b");
  cmd_pretranslate->add_option("file", pretranslate.input, "UTF-8 text file; - reads stdin")
      ->required();

  ConcordanceArgs concordance;
  CLI::App* cmd_concordance =
      app.add_subcommand("concordance", "Find the units whose source or target holds a phrase");
  cmd_concordance->add_option("--db", concordance.db, "Translation memory file")->required();
  cmd_concordance->add_option("--limit", concordance.options.limit, "Most units to show")
      ->check(CLI::Range(std::size_t{1}, std::size_t{100000}))
      ->capture_default_str();
  cmd_concordance
      ->add_option("--src-lang", concordance.options.source_lang,
                   "Only units with this source language")
      ->check(language_check);
  cmd_concordance
      ->add_option("--tgt-lang", concordance.options.target_lang,
                   "Only units with this target language")
      ->check(language_check);
  add_collections_option(*cmd_concordance, concordance.options.collections);
  cmd_concordance->add_option("--side", concordance.side, "Where to look: source, target or both")
      ->check(CLI::IsMember({"source", "target", "both"}))
      ->capture_default_str();
  cmd_concordance
      ->add_option("--color", concordance.color,
                   "Highlight hits: auto (when stdout is a terminal), always or never")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
  cmd_concordance->add_flag("--json", concordance.json,
                            "Print a JSON array of units with hit byte spans");
  cmd_concordance->add_option("phrase", concordance.phrase, "The word or phrase to find")
      ->required();

  ExportArgs exported;
  CLI::App* cmd_export = app.add_subcommand("export", "Write the TM as TMX 1.4b");
  cmd_export->add_option("--db", exported.db, "Translation memory file")->required();
  cmd_export->add_option("--format", exported.format, "Output format")
      ->check(CLI::IsMember({"tmx"}))
      ->capture_default_str();
  cmd_export->add_option("-o,--output", exported.output, "Output file (default: stdout)");
  cmd_export->add_option("--src-lang", exported.source_lang, "Only units with this source language")
      ->check(language_check);
  cmd_export->add_option("--tgt-lang", exported.target_lang, "Only units with this target language")
      ->check(language_check);
  add_collections_option(*cmd_export, exported.collections);

  StatsArgs stats;
  CLI::App* cmd_stats = app.add_subcommand("stats", "Show what a TM holds: units, collections, language pairs");
  cmd_stats->add_option("--db", stats.db, "Translation memory file")->required();
  cmd_stats->add_flag("--json", stats.json, "Print JSON");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);  // --help, --version
    std::cerr << "tmalign: " << e.what() << " (see 'tmalign --help')\n";
    return kExitUsage;
  }

  if (cmd_segment->parsed() && !segment.export_srx && segment.language.empty()) {
    std::cerr << "tmalign: segment: --lang is required (see 'tmalign --help')\n";
    return kExitUsage;
  }
  if (cmd_segment->parsed()) return run_segment(segment);
  if (cmd_align->parsed()) return run_align(align);
  if (cmd_import->parsed()) return run_import(import);
  if (cmd_query->parsed()) return run_query(query);
  if (cmd_analyze->parsed()) return run_analyze(analyze);
  if (cmd_pretranslate->parsed()) return run_pretranslate(pretranslate);
  if (cmd_concordance->parsed()) return run_concordance(concordance);
  if (cmd_export->parsed()) return run_export(exported);
  return run_stats(stats);
}

}  // namespace
}  // namespace tmalign::cli

int main(int argc, char** argv) {
  tmalign::disable_sqlite_memory_statistics();  // before any TM is opened (it says why)
  try {
    return tmalign::cli::run(argc, argv);
  } catch (const tmalign::OptionError& e) {
    std::cerr << "tmalign: " << e.what() << '\n';
    return tmalign::cli::kExitUsage;
  } catch (const std::exception& e) {
    std::cerr << "tmalign: " << e.what() << '\n';
    return tmalign::cli::kExitFailure;
  }
}
