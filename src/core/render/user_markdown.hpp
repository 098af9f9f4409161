#pragma once
// Internal: Markdown that users write (step instructions), made safe inside a generated page.

#include <string>
#include <string_view>

namespace opsflow::detail {

// User-written Markdown, kept as written where it is safe: raw HTML is shown as text, a line
// starting with '#' cannot open a heading, tabs become spaces, trailing spaces go, lists and
// code blocks get the blank lines around them that Markdown needs; code (fenced blocks, inline
// spans) is kept as typed, and a fence left open is closed.
std::string user_markdown(std::string_view s);

}  // namespace opsflow::detail
