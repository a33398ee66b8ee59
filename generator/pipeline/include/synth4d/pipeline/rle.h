#pragma once
// COCO run-length encoding of binary masks (uncompressed "counts" list, column-major, starting
// with a run of zeros), as pycocotools' mask.frPyObjects reads it.
#include <cstdint>
#include <vector>

#include "synth4d/core/image.h"

namespace synth4d::pipeline {

// Runs of the mask `ids == id`, column-major (x outer, y inner), first run counts zeros.
std::vector<uint32_t> CocoRle(const core::ImageId& ids, uint32_t id);

}  // namespace synth4d::pipeline
