// Validation plumbing: a real validation error reaches the messenger and becomes a Status
// error; a missing Vulkan driver is a kUnavailable error, not a crash or a skip.
#include <gtest/gtest.h>

#include <cstdlib>

#include "synth4d/renderer/renderer.h"
#include "vulkan/internal_context.h"

namespace synth4d::renderer::internal {
namespace {

TEST(ValidationTest, InvalidUsageBecomesAnError) {
  RendererParams params;
  params.validation = true;
  auto context = Context::Create(params);
  ASSERT_TRUE(context.ok()) << context.error().ToString();
  ASSERT_TRUE((*context)->validation());
  EXPECT_TRUE((*context)->CheckMessages("setup").ok());
  // Anisotropic filtering without enabling the samplerAnisotropy feature: invalid usage that
  // drivers tolerate but the validation layer reports (VUID-VkSamplerCreateInfo-anisotropyEnable).
  VkSamplerCreateInfo info{VK_STRUCTURE_TYPE_SAMPLER_CREATE_INFO};
  info.anisotropyEnable = VK_TRUE;
  info.maxAnisotropy = 4.0f;
  VkSampler sampler = VK_NULL_HANDLE;
  vkCreateSampler((*context)->device(), &info, nullptr, &sampler);
  if (sampler != VK_NULL_HANDLE) vkDestroySampler((*context)->device(), sampler, nullptr);
  core::Status status = (*context)->CheckMessages("the test");
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, core::ErrorCode::kInternal);
  EXPECT_NE(status.error().ToString().find("anisotropy"), std::string::npos)
      << status.error().ToString();
  EXPECT_TRUE((*context)->CheckMessages("after").ok()) << "messages are taken once";
}

TEST(ValidationTest, NoDriverIsUnavailable) {
  // Point the loader at a driver list that does not exist (this test runs in its own process).
  setenv("VK_DRIVER_FILES", "/nonexistent/synth4d_no_driver.json", 1);
  setenv("VK_ICD_FILENAMES", "/nonexistent/synth4d_no_driver.json", 1);
  auto renderer = CreateVulkanRenderer({});
  unsetenv("VK_DRIVER_FILES");
  unsetenv("VK_ICD_FILENAMES");
  ASSERT_FALSE(renderer.ok());
  EXPECT_EQ(renderer.error().code, core::ErrorCode::kUnavailable) << renderer.error().ToString();
}

}  // namespace
}  // namespace synth4d::renderer::internal
