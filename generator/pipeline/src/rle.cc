#include "synth4d/pipeline/rle.h"

namespace synth4d::pipeline {

std::vector<uint32_t> CocoRle(const core::ImageId& ids, uint32_t id) {
  std::vector<uint32_t> counts;
  bool current = false;  // COCO starts with a run of zeros (possibly empty)
  uint32_t run = 0;
  for (int x = 0; x < ids.width; ++x) {
    for (int y = 0; y < ids.height; ++y) {
      const bool on = ids.at(x, y) == id;
      if (on != current) {
        counts.push_back(run);
        run = 0;
        current = on;
      }
      ++run;
    }
  }
  counts.push_back(run);
  return counts;
}

}  // namespace synth4d::pipeline
