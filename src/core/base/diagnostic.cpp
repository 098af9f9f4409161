#include "opsflow/base/diagnostic.hpp"

#include <tuple>

namespace opsflow {

bool diagnostic_less(const Diagnostic& a, const Diagnostic& b) {
  // SPEC §3: a problem that hides others comes first.
  const bool a_later = !a.rule.info().hides_others(), b_later = !b.rule.info().hides_others();
  return std::forward_as_tuple(a_later, a.file, a.loc.line, a.loc.col, a.rule.id(), a.message) <
         std::forward_as_tuple(b_later, b.file, b.loc.line, b.loc.col, b.rule.id(), b.message);
}

bool same_finding(const Diagnostic& a, const Diagnostic& b) {
  return a.file == b.file && a.loc == b.loc && a.rule == b.rule && a.message == b.message;
}

}  // namespace opsflow
