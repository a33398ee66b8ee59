#include <cairo.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <numbers>

#include "internal_chart.h"
#include "synth4d/core/file.h"

namespace synth4d::shard::internal {
namespace {

using Rgb = std::array<uint8_t, 3>;

constexpr Rgb kInkRgb = {30, 30, 30};
constexpr Rgb kAxisRgb = {90, 90, 90};
constexpr Rgb kGridRgb = {225, 225, 225};
constexpr Rgb kReferenceRgb = {200, 60, 50};
constexpr double kTitlePx = 16.0;  // font sizes
constexpr double kLabelPx = 12.0;
constexpr double kTickPx = 11.0;
constexpr int kMarginPx = 16;
constexpr int kAxisTitlePx = 18;  // the upright label-axis title beside the bar labels
constexpr int kGapPx = 8;
constexpr int kPlotPx = 480;       // length of a full-scale bar
constexpr int kBarPx = 16;         // bar thickness, centred in its row
constexpr int kMaxSidePx = 32767;  // the largest image surface side Cairo accepts

struct SurfaceDeleter {
  void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
struct ContextDeleter {
  void operator()(cairo_t* c) const { cairo_destroy(c); }
};
using Surface = std::unique_ptr<cairo_surface_t, SurfaceDeleter>;
using Context = std::unique_ptr<cairo_t, ContextDeleter>;

// The value axis: ticks every `step` from 0 to `end`.
struct Axis {
  double end = 1.0;
  double step = 0.2;
};

// 1, 2 or 5 times a power of ten, at least `raw`.
double NiceStep(double raw) {
  const double power = std::pow(10.0, std::floor(std::log10(raw)));
  const double f = raw / power;
  return (f <= 1.0 ? 1.0 : f <= 2.0 ? 2.0 : f <= 5.0 ? 5.0 : 10.0) * power;
}

// About five ticks; counts step by whole numbers. The 1e-9 absorbs rounding in top / step.
Axis ValueAxis(const Chart& chart) {
  if (chart.max && *chart.max > 0.0) return {*chart.max, NiceStep(*chart.max / 5.0)};
  double top = chart.percent ? 0.01 : 1.0;
  for (const Bar& b : chart.bars) {
    top = std::max(top, b.value);
    if (b.interval) top = std::max(top, b.interval->second);
  }
  double step = NiceStep(top / 5.0);
  if (!chart.percent) step = std::max(step, 1.0);
  return {std::ceil(top / step - 1e-9) * step, step};
}

std::string TickText(double value, bool percent) {
  char text[32];
  if (percent) {
    std::snprintf(text, sizeof(text), "%g%%", 100.0 * value);
  } else {
    std::snprintf(text, sizeof(text), "%.0f", value);
  }
  return text;
}

void SetRgb(cairo_t* cr, Rgb rgb) {
  cairo_set_source_rgb(cr, rgb[0] / 255.0, rgb[1] / 255.0, rgb[2] / 255.0);
}

// Fixed antialiasing and hinting, so desktop font settings do not change the pixels.
void SetFontOptions(cairo_t* cr) {
  cairo_font_options_t* options = cairo_font_options_create();
  cairo_font_options_set_antialias(options, CAIRO_ANTIALIAS_GRAY);
  cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
  cairo_set_font_options(cr, options);
  cairo_font_options_destroy(options);
}

// DejaVu Sans at `size` px; fontconfig substitutes another sans face when it is not installed.
void SetFont(cairo_t* cr, double size, bool bold = false) {
  cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
                         bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, size);
}

double TextWidth(cairo_t* cr, const std::string& text) {
  cairo_text_extents_t extents;
  cairo_text_extents(cr, text.c_str(), &extents);
  return extents.x_advance;
}

// Draws `text` vertically centred on `y`; `align` 0 puts its left end at `x`, 0.5 its middle,
// 1 its right end.
void DrawText(cairo_t* cr, const std::string& text, double x, double y, double align = 0.0) {
  cairo_font_extents_t font;
  cairo_font_extents(cr, &font);
  cairo_move_to(cr, x - align * TextWidth(cr, text), y + (font.ascent - font.descent) / 2.0);
  cairo_show_text(cr, text.c_str());
}

// A one-pixel line between pixel centres (crisp on whole-pixel coordinates).
void Line(cairo_t* cr, double x0, double y0, double x1, double y1) {
  cairo_move_to(cr, x0 + 0.5, y0 + 0.5);
  cairo_line_to(cr, x1 + 0.5, y1 + 0.5);
  cairo_stroke(cr);
}

int Ceil(double x) { return static_cast<int>(std::ceil(x)); }

core::Status CairoStatus(cairo_status_t status, const std::string& what) {
  if (status == CAIRO_STATUS_SUCCESS) return core::Ok();
  return core::MakeError(core::ErrorCode::kInternal,
                         what + ": cairo: " + cairo_status_to_string(status));
}

cairo_status_t AppendBytes(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

void Draw(cairo_t* cr, const Chart& chart, const Axis& axis, int plot_x, int width, int height) {
  const int plot_top = kChartTopPx;
  const int plot_bottom = height - kChartBottomPx;
  auto x_of = [&](double v) {
    return plot_x + static_cast<int>(std::lround(std::clamp(v / axis.end, 0.0, 1.0) * kPlotPx));
  };
  cairo_set_line_width(cr, 1.0);
  SetRgb(cr, {255, 255, 255});
  cairo_paint(cr);

  SetRgb(cr, kInkRgb);
  SetFont(cr, kTitlePx, true);
  DrawText(cr, chart.title, kMarginPx, kMarginPx + kTitlePx / 2.0);

  SetFont(cr, kTickPx);
  const int ticks = static_cast<int>(std::floor(axis.end / axis.step + 1e-9));
  for (int k = 0; k <= ticks; ++k) {
    const int x = x_of(k * axis.step);
    SetRgb(cr, kGridRgb);
    Line(cr, x, plot_top, x, plot_bottom);
    SetRgb(cr, kAxisRgb);
    Line(cr, x, plot_bottom, x, plot_bottom + 4);
    DrawText(cr, TickText(k * axis.step, chart.percent), x + 0.5, plot_bottom + 14, 0.5);
  }
  SetRgb(cr, kAxisRgb);
  Line(cr, plot_x - 1, plot_top, plot_x - 1, plot_bottom);
  Line(cr, plot_x - 1, plot_bottom, plot_x + kPlotPx, plot_bottom);

  SetFont(cr, kLabelPx);
  for (size_t i = 0; i < chart.bars.size(); ++i) {
    const Bar& bar = chart.bars[i];
    const int row = plot_top + static_cast<int>(i) * kChartRowPx;
    const double mid = row + kChartRowPx / 2.0;
    const int end = x_of(bar.value);
    SetRgb(cr, kBarRgb);
    cairo_rectangle(cr, plot_x, row + (kChartRowPx - kBarPx) / 2, end - plot_x, kBarPx);
    cairo_fill(cr);
    int text_x = end;
    SetRgb(cr, kInkRgb);
    if (bar.interval) {
      const int low = x_of(bar.interval->first), high = x_of(bar.interval->second);
      const int y = row + kChartRowPx / 2;
      Line(cr, low, y, high, y);
      Line(cr, low, y - 4, low, y + 4);
      Line(cr, high, y - 4, high, y + 4);
      text_x = std::max(text_x, high);
    }
    DrawText(cr, bar.label, plot_x - kGapPx, mid, 1.0);
    DrawText(cr, bar.text, text_x + kGapPx, mid);
  }
  if (chart.bars.empty())
    DrawText(cr, "no data", plot_x + kPlotPx / 2.0, plot_top + kChartRowPx / 2.0, 0.5);

  if (chart.reference) {
    const int x = x_of(*chart.reference);
    SetRgb(cr, kReferenceRgb);
    cairo_set_line_width(cr, 2.0);
    const double dash[] = {6.0, 4.0};
    cairo_set_dash(cr, dash, 2, 0.0);
    cairo_move_to(cr, x + 0.5, plot_top - 6);
    cairo_line_to(cr, x + 0.5, plot_bottom);
    cairo_stroke(cr);
    cairo_set_dash(cr, nullptr, 0, 0.0);
    cairo_set_line_width(cr, 1.0);
    const double half = TextWidth(cr, chart.reference_label) / 2.0;
    DrawText(cr, chart.reference_label, std::clamp(x + 0.5, half, width - half), plot_top - 14,
             0.5);
  }

  SetRgb(cr, kInkRgb);
  DrawText(cr, chart.value_axis, plot_x + kPlotPx / 2.0, height - kMarginPx - kLabelPx / 2.0, 0.5);
  cairo_save(cr);
  cairo_translate(cr, kMarginPx + kAxisTitlePx / 2.0, (plot_top + plot_bottom) / 2.0);
  cairo_rotate(cr, -std::numbers::pi / 2.0);
  DrawText(cr, chart.label_axis, 0.0, 0.0, 0.5);
  cairo_restore(cr);
}

core::Result<std::string> BarChartPng(const Chart& chart) {
  const Axis axis = ValueAxis(chart);
  // Measure the text on a scratch surface to size the image.
  Surface scratch(cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1, 1));
  Context measure(cairo_create(scratch.get()));
  SetFontOptions(measure.get());
  SetFont(measure.get(), kLabelPx);
  double label_w = TextWidth(measure.get(), "no data"), text_w = 0.0;
  for (const Bar& b : chart.bars) {
    label_w = std::max(label_w, TextWidth(measure.get(), b.label));
    text_w = std::max(text_w, TextWidth(measure.get(), b.text));
  }
  SetFont(measure.get(), kTickPx);
  text_w = std::max(text_w, TextWidth(measure.get(), TickText(axis.end, chart.percent)) / 2.0);
  SetFont(measure.get(), kTitlePx, true);
  const double title_w = TextWidth(measure.get(), chart.title);
  SYNTH4D_RETURN_IF_ERROR(CairoStatus(cairo_status(measure.get()), chart.title));

  const int plot_x = kMarginPx + kAxisTitlePx + Ceil(label_w) + kGapPx;
  const int width =
      std::max(plot_x + kPlotPx + kGapPx + Ceil(text_w) + kMarginPx, Ceil(title_w) + 2 * kMarginPx);
  const int height = ChartHeight(chart.bars.size());
  if (width > kMaxSidePx || height > kMaxSidePx) {
    return core::MakeError(core::ErrorCode::kInvalidArgument,
                           chart.title + ": chart of " + std::to_string(width) + "x" +
                               std::to_string(height) + " px exceeds Cairo's 32767 px");
  }
  Surface surface(cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height));
  Context cr(cairo_create(surface.get()));
  SetFontOptions(cr.get());
  Draw(cr.get(), chart, axis, plot_x, width, height);
  SYNTH4D_RETURN_IF_ERROR(CairoStatus(cairo_status(cr.get()), chart.title));
  cairo_surface_flush(surface.get());
  std::string png;
  SYNTH4D_RETURN_IF_ERROR(CairoStatus(
      cairo_surface_write_to_png_stream(surface.get(), AppendBytes, &png), chart.title));
  return png;
}

}  // namespace

int ChartHeight(size_t bars) {
  // Clamped so that the int cannot overflow; such a chart is refused as too large anyway.
  const size_t rows = std::clamp<size_t>(bars, 1, kMaxSidePx);
  return kChartTopPx + static_cast<int>(rows) * kChartRowPx + kChartBottomPx;
}

core::Status WriteBarChart(const std::filesystem::path& path, const Chart& chart) {
  SYNTH4D_ASSIGN_OR_RETURN(const std::string png, BarChartPng(chart));
  return core::WriteFileAtomic(path, png);
}

}  // namespace synth4d::shard::internal
