#version 450
// Colour pass: base colour, surface pattern, Lambert or shiny material, sun with shadow map,
// ambient term and the patterned ground. Output is linear; the sRGB attachment encodes it.
// Compiled twice: with WITH_ID it also writes the instance id (single-sample colour pass).
#include "common.glsl"

layout(set = 0, binding = 1) uniform sampler2DShadow shadow_map;

layout(location = 0) in vec3 in_p_W;
layout(location = 1) in vec3 in_n_W;
layout(location = 2) in vec3 in_n_O;
layout(location = 3) in vec2 in_uv;
layout(location = 4) in vec4 in_color;

layout(location = 0) out vec4 out_color;
#ifdef WITH_ID
layout(location = 1) out uint out_id;
#endif

const float kStripes = 8.0;  // stripe pairs around u in [0, 1)

float Luminance(vec3 c) { return dot(c, vec3(0.2126, 0.7152, 0.0722)); }

// A colour that stands out against `c`: much lighter if c is dark, much darker if c is light.
vec3 Contrast(vec3 c) { return Luminance(c) < 0.3 ? mix(c, vec3(1.0), 0.7) : c * 0.2; }

// Box-filtered square wave in [0, 1] (0 on the first half period), width w in periods.
float FilteredSquare(float x, float w) {
  w = max(w, 1e-4);
  // Integral of the square wave, differenced over the filter footprint.
  float a = x - 0.5 * w, b = x + 0.5 * w;
  float ia = floor(a) * 0.5 + max(fract(a) - 0.5, 0.0);
  float ib = floor(b) * 0.5 + max(fract(b) - 0.5, 0.0);
  return clamp((ib - ia) / w, 0.0, 1.0);
}

// Filtered checker of unit tiles: 0 or 1 per tile, blended where tiles shrink below a pixel.
float Checker(vec2 p) {
  vec2 w = fwidth(p) + 1e-4;
  float sx = FilteredSquare(p.x, w.x) * 2.0 - 1.0;
  float sy = FilteredSquare(p.y, w.y) * 2.0 - 1.0;
  return 0.5 - 0.5 * sx * sy;
}

// Filtered grid lines (line width 4% of a tile): 1 on a line.
float Grid(vec2 p) {
  const float kWidth = 0.04;
  vec2 w = fwidth(p) + 1e-4;
  vec2 d = abs(fract(p + 0.5) - 0.5);  // distance to the nearest line, in tiles
  vec2 line = 1.0 - smoothstep(vec2(0.5 * kWidth), vec2(0.5 * kWidth) + w, d);
  return max(line.x, line.y);
}

vec3 GroundColor() {
  vec2 p = in_p_W.xy / frame.ground1.w;
  float pattern = frame.ground2.w;
  float t = pattern < 0.5 ? Checker(p) : (pattern < 1.5 ? Grid(p) : 0.0);
  return mix(frame.ground1.rgb, frame.ground2.rgb, t);
}

vec3 ObjectColor() {
  vec3 base = in_color.w > 0.5 ? in_color.rgb : draw.color.rgb;
  if (draw.info.z == 1u) {  // stripes along u
    float u = in_uv.x * kStripes;
    float t = FilteredSquare(u, fwidth(u));
    return mix(base, Contrast(base), t);
  }
  if (draw.info.z == 2u) {  // marked face: object-frame normal within 60 degrees of +X
    float t = smoothstep(0.45, 0.55, normalize(in_n_O).x);
    return mix(base, Contrast(base), t);
  }
  return base;
}

// Fraction of sunlight reaching the point (1 lit, 0 shadowed): 3x3 PCF of hardware compares.
float Sunlight(vec3 n) {
  if (frame.params.y < 0.5) return 1.0;
  vec4 q = frame.light_view_proj * vec4(in_p_W + n * frame.params.z, 1.0);
  vec3 s = q.xyz / q.w;
  vec2 uv = s.xy * 0.5 + 0.5;
  if (any(lessThan(uv, vec2(0.0))) || any(greaterThan(uv, vec2(1.0))) || s.z > 1.0) return 1.0;
  float sum = 0.0;
  for (int y = -1; y <= 1; ++y) {
    for (int x = -1; x <= 1; ++x) {
      sum += texture(shadow_map, vec3(uv + vec2(x, y) * frame.params.w, s.z));
    }
  }
  return sum / 9.0;
}

void main() {
  bool ground = draw.info.w == 1u;
  vec3 n = normalize(in_n_W);
  if (!gl_FrontFacing) n = -n;
  vec3 l = -frame.sun_dir.xyz;
  vec3 v = normalize(frame.camera_pos.xyz - in_p_W);
  float ndl = max(dot(n, l), 0.0);
  float sun = frame.sun_dir.w * Sunlight(n);
  float ambient = frame.params.x;
  vec3 base = ground ? GroundColor() : ObjectColor();

  vec3 color;
  if (!ground && draw.info.y == 1u) {
    // Shiny: a metal look. Weaker diffuse, a tight Blinn-Phong highlight tinted by the base
    // colour, and a Fresnel reflection of sky (background) or ground.
    vec3 h = normalize(l + v);
    float ndh = max(dot(n, h), 0.0);
    float ndv = max(dot(n, v), 0.0);
    vec3 f0 = mix(vec3(0.04), base, 0.8);
    vec3 fresnel = f0 + (1.0 - f0) * pow(1.0 - ndv, 5.0);
    vec3 r = reflect(-v, n);
    vec3 env = r.z > 0.0 ? frame.background.rgb : 0.5 * (frame.ground1.rgb + frame.ground2.rgb);
    float spec = pow(ndh, 80.0) * 4.0 * step(0.0, dot(n, l));
    color = base * (0.5 * ambient + 0.5 * ndl * sun) + f0 * spec * sun + fresnel * env * 0.6;
  } else {
    color = base * (ambient + ndl * sun);
  }
  out_color = vec4(color, 1.0);
#ifdef WITH_ID
  out_id = ground ? 0u : draw.info.x;
#endif
}
