#include "tmalign/segment/segment_stream.h"

#include <algorithm>

#include "tmalign/core/error.h"

namespace tmalign {
namespace {

// Bytes at the end of `text` that begin a UTF-8 sequence not yet complete.
std::size_t incomplete_tail(std::string_view text) {
  const std::size_t n = text.size();
  for (std::size_t back = 1; back <= 3 && back <= n; ++back) {
    const auto byte = static_cast<unsigned char>(text[n - back]);
    if ((byte & 0xC0) == 0x80) continue;  // a continuation byte: look further back
    const std::size_t length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1;
    return length > back ? back : 0;
  }
  return 0;
}

// The offset just after the last blank line in `text` ("\n", spaces, tabs or CRs, "\n"), or 0.
std::size_t after_last_blank_line(std::string_view text) {
  std::size_t end = text.size();
  while (true) {
    const std::size_t second = text.rfind('\n', end == 0 ? 0 : end - 1);
    if (second == std::string_view::npos || second == 0) return 0;
    std::size_t i = second;
    while (i > 0 && (text[i - 1] == ' ' || text[i - 1] == '\t' || text[i - 1] == '\r')) --i;
    if (i > 0 && text[i - 1] == '\n') return second + 1;
    end = second;
  }
}

}  // namespace

void SegmentStreamOptions::validate() const {
  if (max_buffer < 1024)
    throw OptionError("SegmentStreamOptions: max_buffer " + std::to_string(max_buffer) +
                      " is below 1024 bytes");
}

SegmentStream::SegmentStream(const Segmenter& segmenter, SegmentStreamOptions options)
    : segmenter_(&segmenter), options_(options) {
  options_.validate();
}

std::vector<Sentence> SegmentStream::feed(std::string_view piece) {
  buffer_.append(piece);
  if (buffer_.size() < std::max(options_.max_buffer / 2, retry_at_)) return {};
  const std::size_t complete = buffer_.size() - incomplete_tail(buffer_);
  const std::size_t paragraph_cut =
      after_last_blank_line(std::string_view(buffer_).substr(0, complete));
  if (paragraph_cut > 0) return take(paragraph_cut, true);
  if (buffer_.size() < options_.max_buffer) return {};
  std::vector<Sentence> sentences = take(complete, false);
  // Nothing could be cut off (one very long sentence): try again when the buffer has doubled,
  // not at every piece, which would segment the same text over and over.
  retry_at_ = sentences.empty() ? 2 * buffer_.size() : 0;
  return sentences;
}

std::vector<Sentence> SegmentStream::finish() {
  std::vector<Sentence> rest = take(buffer_.size(), true);
  buffer_.clear();
  base_offset_ = 0;
  base_paragraph_ = 0;
  retry_at_ = 0;
  return rest;
}

// Segments buffer_[0, cut) and returns its sentences. At a blank line (or the end of the input)
// everything before the cut is final. Inside a paragraph the last two sentences are held back:
// the break before the last one was judged without the text that follows it.
std::vector<Sentence> SegmentStream::take(std::size_t cut, bool at_paragraph_break) {
  std::vector<Sentence> sentences = segmenter_->segment(std::string_view(buffer_).substr(0, cut));
  std::size_t keep_from = cut;  // buffer_ offset where the held-back text starts
  std::size_t next_paragraph = base_paragraph_;
  if (!at_paragraph_break) {
    if (sentences.size() < 3) return {};
    const Sentence& held = sentences[sentences.size() - 2];
    keep_from = held.span.start;
    next_paragraph = base_paragraph_ + held.paragraph;
    sentences.resize(sentences.size() - 2);
  } else if (!sentences.empty()) {
    next_paragraph = base_paragraph_ + sentences.back().paragraph + 1;
  }
  for (Sentence& s : sentences) {
    s.span.start += base_offset_;
    s.span.end += base_offset_;
    s.paragraph += base_paragraph_;
  }
  buffer_.erase(0, keep_from);
  base_offset_ += keep_from;
  base_paragraph_ = next_paragraph;
  return sentences;
}

}  // namespace tmalign
