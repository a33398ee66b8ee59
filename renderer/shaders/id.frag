#version 450
// Id pass (one sample per pixel): writes the instance id; depth comes from the depth attachment.
#include "common.glsl"

layout(location = 0) out uint out_id;

void main() { out_id = draw.info.x; }
