#version 450
// Vertex stage of the colour and id passes: world position, normals, uv and colour.
#include "common.glsl"

layout(location = 0) in vec3 in_position;
layout(location = 1) in vec3 in_normal;
layout(location = 2) in vec2 in_uv;
layout(location = 3) in vec4 in_color;  // w = 1: use rgb, w = 0: use the object's colour

layout(location = 0) out vec3 out_p_W;
layout(location = 1) out vec3 out_n_W;
layout(location = 2) out vec3 out_n_O;
layout(location = 3) out vec2 out_uv;
layout(location = 4) out vec4 out_color;

void main() {
  vec4 p_W = draw.X_WO * vec4(in_position, 1.0);
  out_p_W = p_W.xyz;
  out_n_W = mat3(draw.X_WO) * in_normal;
  out_n_O = in_normal;
  out_uv = in_uv;
  out_color = in_color;
  gl_Position = frame.view_proj * p_W;
}
