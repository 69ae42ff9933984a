// A pagination range: walks a Read API list page by page, following
// next_cursor, and yields one Result<T> per record:
//
//   for (auto& p : api.Participants("evt_abc123")) {
//     if (!p) { std::cerr << p.error().message << "\n"; break; }
//     use(*p);
//   }
//
// A page that fails is yielded as one Error element, after which the range
// ends: errors surface, never silently cut the walk short. Pages are fetched
// lazily, one at a time, when the previous page's records are consumed.
// Lifetime: a range from ApiClient calls back into that client, so the client
// must outlive the range; ApiClient refuses (at compile time) to make ranges
// of a temporary, as in `for (auto& p : ApiClient(...).Participants(e))`.
// Thread safety: a range is single-pass and used by one thread.
#pragma once

#include <cstddef>
#include <functional>
#include <iterator>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "client/api/resources.h"
#include "client/status.h"

namespace revento::client::api {

template <typename T>
class PageRange {
 public:
  using Fetch = std::function<Result<Page<T>>(const std::optional<std::string>& cursor)>;

  explicit PageRange(Fetch fetch) : fetch_(std::move(fetch)) {}

  class iterator {
   public:
    using value_type = Result<T>;
    using difference_type = std::ptrdiff_t;
    using iterator_concept = std::input_iterator_tag;

    iterator() = default;
    explicit iterator(PageRange* range) : range_(range) {}
    Result<T>& operator*() const { return range_->current_; }
    Result<T>* operator->() const { return &range_->current_; }
    iterator& operator++() {
      range_->Advance();
      return *this;
    }
    void operator++(int) { range_->Advance(); }
    bool operator==(std::default_sentinel_t) const { return range_ == nullptr || range_->done_; }

   private:
    PageRange* range_ = nullptr;
  };

  iterator begin() {
    if (!started_) {
      started_ = true;
      Advance();
    }
    return iterator(this);
  }
  std::default_sentinel_t end() { return {}; }

 private:
  void Advance() {
    if (failed_) {
      done_ = true;
      return;
    }
    while (index_ >= page_.size()) {
      if (last_page_) {
        done_ = true;
        return;
      }
      auto page = fetch_(cursor_);
      if (!page) {
        current_ = portable::unexpected(page.error());
        failed_ = true;
        return;
      }
      page_ = std::move(page->data);
      index_ = 0;
      cursor_ = std::move(page->next_cursor);
      last_page_ = !cursor_.has_value();
    }
    current_ = std::move(page_[index_++]);
  }

  Fetch fetch_;
  std::vector<T> page_;
  size_t index_ = 0;
  std::optional<std::string> cursor_;
  Result<T> current_ = portable::unexpected(Error{"no record read yet"});
  bool started_ = false, last_page_ = false, failed_ = false, done_ = false;
};

}  // namespace revento::client::api
