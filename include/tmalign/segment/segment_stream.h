// Segmentation of text that arrives in pieces (a large file, standard input) in bounded memory.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "tmalign/core/types.h"
#include "tmalign/segment/segmenter.h"

namespace tmalign {

struct SegmentStreamOptions {
  // Text held back at most before a cut is forced inside a paragraph, in bytes. Text is normally
  // cut at blank lines, where sentences never continue; a paragraph longer than this is cut
  // before its second-to-last sentence. Memory stays within a small multiple of this, plus the
  // longest sentence.
  std::size_t max_buffer = std::size_t{1} << 20;

  /// Throws OptionError when max_buffer is below 1 KiB.
  void validate() const;
};

/// Feeds text piece by piece to a Segmenter and hands back the sentences that are complete, with
/// offsets and paragraph numbers counted from the start of the whole input. For text whose
/// paragraphs (blank-line separated) are shorter than max_buffer, the sentences equal those of
/// Segmenter::segment() on the whole text.
/// Invariant: the text held back starts at a sentence or paragraph start; it is all that is kept.
///
///   SegmentStream stream(segmenter);
///   while (read(piece)) for (const Sentence& s : stream.feed(piece)) print(s);
///   for (const Sentence& s : stream.finish()) print(s);
class SegmentStream {
 public:
  /// `segmenter` must outlive the stream.
  explicit SegmentStream(const Segmenter& segmenter, SegmentStreamOptions options = {});

  /// Appends `piece` (valid UTF-8, except that a sequence may be split between pieces) and
  /// returns the sentences now known to be complete.
  std::vector<Sentence> feed(std::string_view piece);

  /// The end of the input: returns the remaining sentences. The stream can then be fed anew.
  std::vector<Sentence> finish();

 private:
  std::vector<Sentence> take(std::size_t cut, bool at_paragraph_break);

  const Segmenter* segmenter_;
  SegmentStreamOptions options_;
  std::string buffer_;              // held-back text, starting at input offset base_offset_
  std::size_t base_offset_ = 0;     // input offset of buffer_[0]
  std::size_t base_paragraph_ = 0;  // paragraph number of the first sentence in buffer_
  std::size_t retry_at_ = 0;        // buffer size at which to try a cut inside a paragraph again
};

}  // namespace tmalign
