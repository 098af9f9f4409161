#pragma once
// Runs independent tasks on all cores. Results must be written to per-task slots, so the outcome
// never depends on the number of threads or their timing.

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace opsflow {

// The number of worker threads to use for `tasks` tasks: `requested`, or one per core (0).
inline unsigned worker_count(unsigned requested, std::size_t tasks) {
  unsigned threads = requested ? requested : std::max(1u, std::thread::hardware_concurrency());
  return static_cast<unsigned>(std::max<std::size_t>(1, std::min<std::size_t>(threads, tasks)));
}

// Calls task(i, worker) for i in [0, count), tasks taken in chunks of `chunk` by `threads`
// workers (worker is 0..threads-1). The first exception thrown by a task is rethrown here after
// all workers stopped.
template <class Task>
void parallel_for(std::size_t count, unsigned threads, std::size_t chunk, Task task) {
  std::atomic<std::size_t> next{0};
  std::exception_ptr failure;
  std::mutex failure_lock;
  auto work = [&](unsigned worker) {
    try {
      for (;;) {
        std::size_t begin = next.fetch_add(chunk);
        if (begin >= count) break;
        std::size_t end = std::min(begin + chunk, count);
        for (std::size_t i = begin; i < end; ++i) task(i, worker);
      }
    } catch (...) {
      std::lock_guard<std::mutex> lock(failure_lock);
      if (!failure) failure = std::current_exception();
      next = count;  // stop the others early
    }
  };
  {
    std::vector<std::jthread> pool;
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work, t);
    work(0);
  }
  if (failure) std::rethrow_exception(failure);
}

}  // namespace opsflow
