#pragma once
// Result<T>: a value or an Error, for every recoverable failure (bad input, missing file, no device).
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "synth4d/core/check.h"

namespace synth4d::core {

enum class ErrorCode {
  kInvalidArgument,  // bad input: spec, CLI, file contents
  kNotFound,         // missing file or object
  kIo,               // read/write failure
  kUnavailable,      // no device, no encoder, no server
  kInternal,         // a library call failed unexpectedly
  kGlitch,           // the simulation produced a physically implausible clip
  kCancelled,
};

// Returns a stable lower-case name for `code` ("invalid_argument", ...).
const char* ErrorCodeName(ErrorCode code);

// One problem, located: `where` is "file:line:col" or a path, `field` the dotted field path.
struct Issue {
  std::string where;
  std::string field;
  std::string message;
};

// A failure: a code, a headline message and zero or more located issues (all errors of a file).
struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
  std::vector<Issue> issues;

  // Formats the error, one issue per line, as "where field: message".
  std::string ToString() const;
};

// Makes an Error with one message.
Error MakeError(ErrorCode code, std::string message);
// MakeError(kInvalidArgument, message): input that does not make sense.
Error InvalidArgument(std::string message);

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}       // NOLINT(google-explicit-constructor)
  Result(Error error) : v_(std::move(error)) {}   // NOLINT(google-explicit-constructor)

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  const T& value() const& {
    SYNTH4D_CHECK(ok()) << "value() on error: " << std::get<1>(v_).ToString();
    return std::get<0>(v_);
  }
  T& value() & {
    SYNTH4D_CHECK(ok()) << "value() on error: " << std::get<1>(v_).ToString();
    return std::get<0>(v_);
  }
  T&& value() && {
    SYNTH4D_CHECK(ok()) << "value() on error: " << std::get<1>(v_).ToString();
    return std::get<0>(std::move(v_));
  }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }

  const Error& error() const {
    SYNTH4D_CHECK(!ok()) << "error() on a value";
    return std::get<1>(v_);
  }

 private:
  std::variant<T, Error> v_;
};

// Result<void>: success or an Error.
template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT(google-explicit-constructor)
  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const {
    SYNTH4D_CHECK(!ok_) << "error() on success";
    return error_;
  }

 private:
  Error error_;
  bool ok_ = true;
};

using Status = Result<void>;

// Success value for Status-returning functions.
inline Status Ok() { return {}; }

}  // namespace synth4d::core

// Evaluates `expr` (a Result); on error returns the error from the enclosing function.
#define SYNTH4D_RETURN_IF_ERROR(expr)                       \
  do {                                                      \
    auto synth4d_status_ = (expr);                          \
    if (!synth4d_status_.ok()) return synth4d_status_.error(); \
  } while (0)

#define SYNTH4D_CONCAT_INNER(a, b) a##b
#define SYNTH4D_CONCAT(a, b) SYNTH4D_CONCAT_INNER(a, b)
// Declares `lhs` from the value of `expr` (a Result<T>), or returns its error.
#define SYNTH4D_ASSIGN_OR_RETURN(lhs, expr) \
  SYNTH4D_ASSIGN_OR_RETURN_IMPL(SYNTH4D_CONCAT(synth4d_result_, __LINE__), lhs, expr)
#define SYNTH4D_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                  \
  if (!tmp.ok()) return tmp.error();                  \
  lhs = std::move(tmp).value()
