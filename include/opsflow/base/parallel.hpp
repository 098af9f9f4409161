#pragma once
// Runs independent tasks on several cores. Results must be written to per-task slots, so the
// outcome never depends on the number of threads or their timing.

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace opsflow {

// The CPUs this process may use: those of its affinity mask, fewer when a cgroup CPU quota
// (cpu.max, or cpu.cfs_quota_us) allows less; at least 1. Read once.
unsigned available_cpus();

// The worker threads for `count` tasks taken in chunks of `chunk`: at most `jobs` (0: the
// available CPUs), and never more than there are chunks, so no thread idles; at least 1.
inline unsigned worker_count(unsigned jobs, std::size_t count, std::size_t chunk = 1) {
  std::size_t chunks =
      (count + std::max<std::size_t>(chunk, 1) - 1) / std::max<std::size_t>(chunk, 1);
  unsigned threads = jobs ? jobs : available_cpus();
  return static_cast<unsigned>(std::max<std::size_t>(1, std::min<std::size_t>(threads, chunks)));
}

// Calls task(i, worker) for i in [0, count), tasks taken in chunks of `chunk` (0 counts as 1) by
// worker_count(jobs, count, chunk) workers; `worker` is 0..that-1, for per-worker scratch space.
// The first exception thrown by a task is rethrown here after all workers stopped.
template <class Task>
void parallel_for(std::size_t count, unsigned jobs, std::size_t chunk, Task task) {
  chunk = std::max<std::size_t>(chunk, 1);
  const unsigned threads = worker_count(jobs, count, chunk);
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
  if (threads == 1) {
    work(0);
  } else {
    std::vector<std::jthread> pool;
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work, t);
    work(0);
  }
  if (failure) std::rethrow_exception(failure);
}

}  // namespace opsflow
