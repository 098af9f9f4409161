#pragma once
// A streaming JSON writer for large documents: the same text write_json() gives (2-space indent,
// nlohmann's number format, invalid UTF-8 replaced by U+FFFD), appended to a string without
// building the document in memory first. Parts of one document can be written on several threads,
// each into its own string at its depth, and joined with element().

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace opsflow::cli {

class JsonWriter {
 public:
  // Writes into `out`; `depth` is the nesting of the first value (for a part joined later).
  explicit JsonWriter(std::string& out, int depth = 0) : out_(out), depth_(depth) {}

  void begin_object() { open('{'); }
  void end_object() { close('}'); }
  void begin_array() { open('['); }
  void end_array() { close(']'); }

  // The key of the next value in an object.
  JsonWriter& key(std::string_view name);

  void value(std::string_view s);
  void value(const char* s) { value(std::string_view(s)); }
  void value(const std::string& s) { value(std::string_view(s)); }
  void value(double x);  // null when not finite
  void value(std::int64_t x);
  void value(std::uint64_t x);
  void value(int x) { value(static_cast<std::int64_t>(x)); }
  void value(unsigned x) { value(static_cast<std::uint64_t>(x)); }
  void value(bool b);
  void null();
  // A value written by another writer at this depth.
  void element(std::string_view written);
  // The same, written to `out` after what this writer holds, which is written there first and
  // cleared: a large document goes out in pieces instead of being copied into one string.
  void element(std::string_view written, std::ostream& out);

  // A key with a value.
  template <class T>
  void field(std::string_view name, const T& x) {
    key(name).value(x);
  }
  void null_field(std::string_view name) { key(name).null(); }

  // Appends `s` as a JSON string (quoted, escaped) to `out`.
  static void append_string(std::string& out, std::string_view s);

 private:
  void separate();  // the comma, newline and indent before a value, unless it follows a key
  void open(char bracket);
  void close(char bracket);
  void indent(int depth) { out_.append(static_cast<std::size_t>(depth) * 2, ' '); }

  std::string& out_;
  int depth_;
  std::vector<int> counts_;  // values written in each open container
  bool after_key_ = false;
};

}  // namespace opsflow::cli
