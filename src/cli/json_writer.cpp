#include "json_writer.hpp"

#include <fmt/format.h>

#include <array>
#include <cmath>
#include <nlohmann/json.hpp>

namespace opsflow::cli {

namespace {

// Whether `s` is valid UTF-8 (no overlong forms, surrogates or code points above U+10FFFF).
bool valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t n = 0;
    char32_t cp = 0;
    if (c >= 0xC2 && c <= 0xDF) {
      n = 1;
      cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      n = 2;
      cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      n = 3;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + n >= s.size()) return false;
    for (std::size_t k = 1; k <= n; ++k) {
      auto d = static_cast<unsigned char>(s[i + k]);
      if ((d & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (d & 0x3F);
    }
    if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF))
      return false;
    i += n + 1;
  }
  return true;
}

}  // namespace

void JsonWriter::append_string(std::string& out, std::string_view s) {
  if (!valid_utf8(s)) {
    // nlohmann's replacement of invalid sequences, exactly as write_json() gives it.
    out += nlohmann::json(std::string(s))
               .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return;
  }
  out += '"';
  std::size_t plain = 0;  // start of the run of characters copied as they are
  for (std::size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    const char* escape = nullptr;
    switch (c) {
      case '"':
        escape = "\\\"";
        break;
      case '\\':
        escape = "\\\\";
        break;
      case '\b':
        escape = "\\b";
        break;
      case '\f':
        escape = "\\f";
        break;
      case '\n':
        escape = "\\n";
        break;
      case '\r':
        escape = "\\r";
        break;
      case '\t':
        escape = "\\t";
        break;
      default:
        if (c >= 0x20) continue;
    }
    out.append(s.substr(plain, i - plain));
    if (escape) {
      out += escape;
    } else {
      fmt::format_to(std::back_inserter(out), "\\u{:04x}", c);
    }
    plain = i + 1;
  }
  out.append(s.substr(plain));
  out += '"';
}

void JsonWriter::separate() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (counts_.empty()) return;  // the top-level value
  out_ += counts_.back()++ > 0 ? ",\n" : "\n";
  indent(depth_);
}

JsonWriter& JsonWriter::key(std::string_view name) {
  separate();
  append_string(out_, name);
  out_ += ": ";
  after_key_ = true;
  return *this;
}

void JsonWriter::open(char bracket) {
  separate();
  out_ += bracket;
  counts_.push_back(0);
  ++depth_;
}

void JsonWriter::close(char bracket) {
  --depth_;
  if (counts_.back() > 0) {
    out_ += '\n';
    indent(depth_);
  }
  counts_.pop_back();
  out_ += bracket;
}

void JsonWriter::value(std::string_view s) {
  separate();
  append_string(out_, s);
}

void JsonWriter::value(double x) {
  separate();
  if (!std::isfinite(x)) {
    out_ += "null";
    return;
  }
  std::array<char, 64> buffer{};
  char* end = nlohmann::detail::to_chars(buffer.data(), buffer.data() + buffer.size(), x);
  out_.append(buffer.data(), end);
}

void JsonWriter::value(std::int64_t x) {
  separate();
  fmt::format_to(std::back_inserter(out_), "{}", x);
}

void JsonWriter::value(std::uint64_t x) {
  separate();
  fmt::format_to(std::back_inserter(out_), "{}", x);
}

void JsonWriter::value(bool b) {
  separate();
  out_ += b ? "true" : "false";
}

void JsonWriter::null() {
  separate();
  out_ += "null";
}

void JsonWriter::element(std::string_view written) {
  separate();
  out_ += written;
}

void JsonWriter::element(std::string_view written, std::ostream& out) {
  separate();
  out.write(out_.data(), static_cast<std::streamsize>(out_.size()));
  out_.clear();
  out.write(written.data(), static_cast<std::streamsize>(written.size()));
}

}  // namespace opsflow::cli
