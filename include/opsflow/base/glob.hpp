#pragma once

#include <string_view>

namespace opsflow {

// Matches a path ('/'-separated) against a glob: ** any run of folders, * and ? within one name.
// A pattern without '/' matches a name at any depth.
bool glob_match(std::string_view pattern, std::string_view path);

}  // namespace opsflow
