// The one funnel from ICU status codes to tmalign errors, for the stages that use ICU. Private
// (under src/): ICU types stay out of the public headers.
#pragma once

#include <unicode/utypes.h>

#include <string>

#include "tmalign/core/error.h"

namespace tmalign::detail {

/// Throws Error "ICU failed to WHAT: U_..." when `status` is a failure.
inline void check_icu(UErrorCode status, const std::string& what) {
  if (U_FAILURE(status)) throw Error("ICU failed to " + what + ": " + u_errorName(status));
}

}  // namespace tmalign::detail
