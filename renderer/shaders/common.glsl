// Shared declarations of the synth4d scene shaders. Layouts mirror internal_frame_data.h.

// Per-frame data (std140), one buffer per frame in flight.
layout(set = 0, binding = 0, std140) uniform FrameData {
  mat4 view_proj;        // world -> camera clip (OpenCV K, reverse-Z, infinite far)
  mat4 light_view_proj;  // world -> sun clip (orthographic, depth 0..1)
  vec4 camera_pos;       // xyz: camera centre in world (metres)
  vec4 sun_dir;          // xyz: direction light travels (unit), w: intensity
  vec4 params;           // x: ambient, y: shadows on (0/1), z: normal-offset bias (m), w: shadow texel (uv)
  vec4 background;       // rgb: background (linear)
  vec4 ground1;          // rgb: ground colour 1 (linear), w: tile size (m)
  vec4 ground2;          // rgb: ground colour 2 (linear), w: pattern (0 checker, 1 grid, 2 plain)
} frame;

// Per-draw data.
layout(push_constant, std430) uniform DrawData {
  mat4 X_WO;             // object -> world (rigid)
  vec4 color;            // rgb: base colour (linear)
  uvec4 info;            // x: instance id, y: material (0 matte, 1 shiny), z: pattern, w: 1 = ground
} draw;
