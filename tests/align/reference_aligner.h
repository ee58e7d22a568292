// A slow, obviously correct aligner for the tests: the full (N+1)x(M+1) dynamic program over
// kBeadShapes with the same cost model and the same tie rule as align_banded (first shape wins).
#pragma once

#include "align/cost_model.h"
#include "tmalign/core/types.h"

namespace tmalign::align {

struct ReferenceResult {
  Alignment alignment;  // scores left at 0
  double cost = 0.0;
};

ReferenceResult reference_align(const CostModel& model);

}  // namespace tmalign::align
