#version 450
// Vertex stage of the id pass (MSAA clips): position only.
#include "common.glsl"

layout(location = 0) in vec3 in_position;

void main() { gl_Position = frame.view_proj * (draw.X_WO * vec4(in_position, 1.0)); }
