// parallel_for: every task once, no idle threads, errors passed on.
#include <doctest/doctest.h>

#include <atomic>
#include <set>
#include <stdexcept>
#include <thread>
#include <vector>

#include "opsflow/base/parallel.hpp"

using namespace opsflow;

TEST_CASE("workers follow the work: never more than the chunks, at least one") {
  CHECK(worker_count(8, 0) == 1);
  CHECK(worker_count(8, 3) == 3);
  CHECK(worker_count(8, 1000, 256) == 4);  // 4 chunks, 4 threads
  CHECK(worker_count(2, 1000, 256) == 2);
  CHECK(worker_count(8, 10, 0) == 8);  // a chunk of 0 counts as 1
  CHECK(worker_count(0, 1'000'000) == available_cpus());
}

TEST_CASE("the available CPUs are at least one and at most the machine's") {
  CHECK(available_cpus() >= 1);
  CHECK(available_cpus() <= std::max(1u, std::thread::hardware_concurrency()));
}

TEST_CASE("every task runs once, whatever the threads and chunk (0 included)") {
  for (unsigned jobs : {1u, 3u, 8u}) {
    for (std::size_t chunk : {std::size_t{0}, std::size_t{1}, std::size_t{7}, std::size_t{64}}) {
      std::vector<std::atomic<int>> runs(100);
      std::set<unsigned> workers;
      std::mutex lock;
      parallel_for(runs.size(), jobs, chunk, [&](std::size_t i, unsigned worker) {
        runs[i]++;
        std::lock_guard<std::mutex> guard(lock);
        workers.insert(worker);
      });
      for (const auto& r : runs) CHECK(r == 1);
      CHECK(*workers.rbegin() < worker_count(jobs, runs.size(), chunk));
    }
  }
  int calls = 0;
  parallel_for(0, 4, 0, [&](std::size_t, unsigned) { ++calls; });
  CHECK(calls == 0);
}

TEST_CASE("the first error of a task is thrown to the caller") {
  CHECK_THROWS_WITH_AS(parallel_for(1000, 4, 1,
                                    [](std::size_t i, unsigned) {
                                      if (i == 500) throw std::runtime_error("task 500 failed");
                                    }),
                       "task 500 failed", std::runtime_error);
}
