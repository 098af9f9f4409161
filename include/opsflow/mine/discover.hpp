#pragma once
// The as-is process, discovered from an event log (SPEC §6, `mine --discover`): the team's "map
// the current process" step done from data, written as a Process document people then edit.

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "opsflow/mine/mine.hpp"
#include "opsflow/model/model.hpp"

namespace opsflow {

struct DiscoverOptions {
  std::string id = "discovered";  // the process id
  double min_case_share = 0.05;   // an activity becomes a step when this share of cases has it
  double min_edge_share = 0.05;   // an edge counts when this share of its source's runs take it
};

struct DiscoveredStep {
  std::string id, activity;
  StepType type = StepType::Task;
  std::string role;                // empty for automated steps (no resource in the log)
  std::vector<std::string> after;  // empty: starts the process
  Estimate duration;               // seconds
  double wait = 0;                 // seconds
  double probability = 1;          // below 1: optional
  std::string rework_to;           // empty: none
  double rework_probability = 0;
  std::vector<std::pair<std::string, double>> branches;  // a decision: (target id, share)
  std::uint64_t cases = 0;                               // cases in which it ran
};

struct DiscoveredRole {
  std::string id, name;
  std::vector<std::string> members;
};

struct DiscoveredProcess {
  std::string id, name, description;
  double cases_per_week = 0;
  std::vector<DiscoveredRole> roles;
  std::vector<DiscoveredStep> steps;  // in flow order: every step after the steps it follows
  std::vector<std::string> left_out;  // activities below min_case_share
};

// An opsflow id from a name: lowercase ASCII letters and digits, '-' between words, at most 90
// characters; "" when nothing is left (a name in Chinese) or it does not start with one.
std::string id_from_name(std::string_view name);

// The highest rework probability opsflow writes from a log (1 would be a loop that never ends).
inline constexpr double kMaxObservedRework = 0.95;

// Shares of `counts` (whose total is above 0) rounded to 0.001 that add up to exactly 1: the
// largest takes the rounding.
std::vector<double> exact_shares(const std::vector<std::uint64_t>& counts);

// Discovers the process: activities in at least min_case_share of the cases become steps, in the
// order of their mean first position in a case; the directly-follows relation between them
// (each case's trace without the rarer activities) gives `after` (edges forward in that order),
// `rework` (the most frequent edge back) and decisions (a step whose following steps never occur
// together in a case, with their observed shares); a step that runs in fewer than 95% of the
// cases reaching it is optional with its observed share. Durations are the observed P10, median
// and P90 service times, waits the median wait into the step (without service times, the
// median time from the previous completion is the duration and the wait is 0). Steps done by the
// same set of resources share a role whose members are those resources; steps with no resource
// are automated.
DiscoveredProcess discover_process(const EventLog& log, const DiscoverOptions& options);

}  // namespace opsflow
