// revento::portable::expected and unexpected: std::expected where the
// standard library has it, else a small stand-in with the same interface.
//
// Errors are values in this project (std::expected, C++23). libstdc++ 12 and
// 13 declare std::expected only for a compiler that reports C++20 concepts in
// full (__cpp_concepts >= 202002L): g++ 12 and clang 19 do, clang 16 to 18 do
// not, so with those compilers and Debian's or Ubuntu's libstdc++ <expected>
// is empty. Every use in the project goes through these two names, so that
// it builds either way (docs/ARCHITECTURE.md "Errors"):
// - with __cpp_lib_expected they are std::expected and std::unexpected;
// - else expected<T, E> holds a T or an E (a std::variant indexed by
//   position, so T and E may be the same type) and offers what the project
//   uses: construction from a value or an unexpected, has_value(), operator
//   bool, operator* and ->, value(), error(), value_or(), and
//   expected<void, E>. value() on an error throws std::bad_variant_access
//   (expected<void, E>: aborts) where std::expected would throw
//   bad_expected_access; the project checks every result before it reads
//   the value.
//
// Thread safety: a value type; as thread-safe as T and E.
#pragma once

#include <version>

#if defined(__cpp_lib_expected) && __cpp_lib_expected >= 202202L

#include <expected>

namespace revento::portable {
using std::expected;
using std::unexpected;
}  // namespace revento::portable

#else

#include <cstdlib>
#include <optional>
#include <type_traits>
#include <utility>
#include <variant>

namespace revento::portable {

template <class E>
class unexpected {
 public:
  template <class G = E>
    requires(!std::is_same_v<std::remove_cvref_t<G>, unexpected> && std::is_constructible_v<E, G>)
  constexpr explicit unexpected(G&& error) : error_(std::forward<G>(error)) {}

  constexpr const E& error() const& noexcept { return error_; }
  constexpr E& error() & noexcept { return error_; }
  constexpr E&& error() && noexcept { return std::move(error_); }

 private:
  E error_;
};

template <class E>
unexpected(E) -> unexpected<E>;

template <class T, class E>
class expected {
 public:
  using value_type = T;
  using error_type = E;

  constexpr expected()
    requires std::is_default_constructible_v<T>
      : state_(std::in_place_index<0>) {}

  template <class U = T>
    requires(!std::is_same_v<std::remove_cvref_t<U>, expected> && std::is_constructible_v<T, U> &&
             !std::is_same_v<std::remove_cvref_t<U>, std::in_place_t>)
  constexpr explicit(!std::is_convertible_v<U, T>) expected(U&& value)
      : state_(std::in_place_index<0>, std::forward<U>(value)) {}

  template <class G>
  constexpr expected(const unexpected<G>& error) : state_(std::in_place_index<1>, error.error()) {}
  template <class G>
  constexpr expected(unexpected<G>&& error) : state_(std::in_place_index<1>, std::move(error).error()) {}

  template <class... Args>
  constexpr explicit expected(std::in_place_t, Args&&... args)
      : state_(std::in_place_index<0>, std::forward<Args>(args)...) {}

  constexpr bool has_value() const noexcept { return state_.index() == 0; }
  constexpr explicit operator bool() const noexcept { return has_value(); }

  constexpr const T& value() const& { return std::get<0>(state_); }
  constexpr T& value() & { return std::get<0>(state_); }
  constexpr T&& value() && { return std::get<0>(std::move(state_)); }
  constexpr const T& operator*() const& { return value(); }
  constexpr T& operator*() & { return value(); }
  constexpr T&& operator*() && { return std::move(*this).value(); }
  constexpr const T* operator->() const { return &value(); }
  constexpr T* operator->() { return &value(); }

  constexpr const E& error() const& { return std::get<1>(state_); }
  constexpr E& error() & { return std::get<1>(state_); }
  constexpr E&& error() && { return std::get<1>(std::move(state_)); }

  template <class U>
  constexpr T value_or(U&& fallback) const& {
    return has_value() ? value() : static_cast<T>(std::forward<U>(fallback));
  }
  template <class U>
  constexpr T value_or(U&& fallback) && {
    return has_value() ? std::move(*this).value() : static_cast<T>(std::forward<U>(fallback));
  }

 private:
  std::variant<T, E> state_;
};

template <class E>
class expected<void, E> {
 public:
  using value_type = void;
  using error_type = E;

  constexpr expected() = default;
  template <class G>
  constexpr expected(const unexpected<G>& error) : error_(error.error()) {}
  template <class G>
  constexpr expected(unexpected<G>&& error) : error_(std::move(error).error()) {}

  constexpr bool has_value() const noexcept { return !error_.has_value(); }
  constexpr explicit operator bool() const noexcept { return has_value(); }
  constexpr void operator*() const noexcept {}
  constexpr void value() const {
    if (error_) std::abort();
  }

  constexpr const E& error() const& { return *error_; }
  constexpr E& error() & { return *error_; }
  constexpr E&& error() && { return std::move(*error_); }

 private:
  std::optional<E> error_;
};

}  // namespace revento::portable

#endif
