#include "client/scenarios/app_steps.h"

#include <thread>
#include <vector>

namespace revento::client::scenarios {

namespace {

using nlohmann::json;

// The Response of a browser walk started at `start_url`: its last page
// (status 0 and why, for a transport failure or too many redirects), its
// `what` the trail of every hop.
Response PageOf(const browser::Walk& walk, const std::string& start_url) {
  size_t pages = walk.hops.size() - (walk.too_many_redirects ? 1 : 0);
  std::string trail;
  for (size_t i = 0; i < pages; ++i)
    trail += (trail.empty() ? "" : " -> ") + std::to_string(walk.hops[i].status) + " " + walk.hops[i].url;
  std::string what = "GET " + start_url + " (" + trail + ")";
  const browser::Hop& last = walk.hops[pages - 1];
  if (last.status == 0) return NoAnswer(what, SplitUrl(last.url).first, last.error);
  Response r = ResponseOf(what, last.status, last.headers, last.body);
  if (walk.too_many_redirects) {
    r.status = 0;
    r.body = walk.Last().error + ": " + trail;
  }
  return r;
}

// N walks at once, each by a copy of the browser: the first answer that is
// not a 2xx (else the last), with the statuses of all.
Response WalkInParallel(const browser::Browser& original, int parallel, const std::string& url,
                        const browser::WalkOptions& options) {
  std::vector<Response> all(static_cast<size_t>(parallel));
  std::vector<std::thread> threads;
  for (int i = 0; i < parallel; ++i) {
    threads.emplace_back(
        [&, i, copy = original]() mutable { all[static_cast<size_t>(i)] = PageOf(copy.Get(url, options), url); });
  }
  for (auto& t : threads) t.join();
  Response r = all.back();
  for (const auto& one : all) {
    r.status_counts[one.status]++;
    if (one.status / 100 != 2 && r.status / 100 == 2) {
      auto counts = r.status_counts;
      r = one;
      r.status_counts = counts;
    }
  }
  return r;
}

}  // namespace

Response RunAppGet(StepContext& context, const json& p, Problems& problems) {
  const std::string& app = context.target().app_url;
  std::string path = Str(p, "path");
  std::string url = app + path;
  if (path.starts_with("http://") || path.starts_with("https://")) {
    std::string origin = SplitUrl(path).first;
    if (origin != app && origin != SplitUrl(context.Var("redirect_uri")).first) {
      problems.push_back("app_get: " + path + " is neither on the app (" + app +
                         ") nor on the redirect URI's origin; give a path of the app");
      return {};
    }
    url = path;
  }
  browser::WalkOptions options;
  options.decision = Str(p, "consent", "approve");
  options.max_redirects = p.value("max_redirects", 20);
  options.stop_before_path = Str(p, "stop_before");
  options.stop_at_path = Str(p, "stop_at");
  int parallel = p.value("parallel", 1);
  if (parallel <= 1) return PageOf(context.browser().Get(url, options), url);
  return WalkInParallel(context.browser(), parallel, url, options);
}

}  // namespace revento::client::scenarios
