// Referring expressions: shortest unique description, or none.
#include "synth4d/qa/refer.h"

#include <gtest/gtest.h>

namespace synth4d::qa {
namespace {

truth::ObjectInfo Obj(std::string shape, std::string colour, std::string material = "rubber",
                      double size = 0.5) {
  truth::ObjectInfo o;
  o.shape = std::move(shape);
  o.color_name = std::move(colour);
  o.material = std::move(material);
  o.size = glm::dvec3(size);
  return o;
}

using Names = std::vector<std::string>;

TEST(Refer, ShortestUniqueDescription) {
  EXPECT_EQ(ReferringExpressions({Obj("box", "red"), Obj("box", "blue"), Obj("sphere", "red")}),
            (Names{"the red cube", "the blue cube", "the sphere"}));
  EXPECT_EQ(
      ReferringExpressions({Obj("box", "red", "rubber", 0.5), Obj("box", "red", "rubber", 1.0)}),
      (Names{"the small cube", "the large cube"}));
  EXPECT_EQ(ReferringExpressions({Obj("box", "red", "metal"), Obj("box", "red", "rubber")}),
            (Names{"the metal cube", "the rubber cube"}));
  EXPECT_EQ(ReferringExpressions(
                {Obj("sphere", "red", "metal", 1.0), Obj("sphere", "red", "rubber", 1.0),
                 Obj("sphere", "red", "metal", 0.5), Obj("sphere", "blue", "metal", 1.0)}),
            (Names{"the large red metal sphere", "the rubber sphere", "the small sphere",
                   "the blue sphere"}));
}

TEST(Refer, NoDescriptionForTwins) {
  EXPECT_EQ(ReferringExpressions({Obj("cone", "red"), Obj("cone", "red"), Obj("box", "red")}),
            (Names{"", "", "the cube"}));
  // Sizes too close to call one large.
  EXPECT_EQ(
      ReferringExpressions({Obj("cone", "red", "rubber", 0.5), Obj("cone", "red", "rubber", 0.6)}),
      (Names{"", ""}));
}

TEST(Refer, UnnamedColoursMatchEveryColourWord) {
  // The custom-coloured cube might look red: "the red cube" would not be unique.
  EXPECT_EQ(ReferringExpressions({Obj("box", "red", "metal"), Obj("box", "", "rubber")}),
            (Names{"the metal cube", "the rubber cube"}));
}

TEST(Refer, ShapeNouns) {
  truth::ObjectInfo truck = Obj("mesh", "");
  truck.asset = "CesiumMilkTruck.gltf";
  EXPECT_EQ(ShapeNoun(truck), "truck");
  truck.prototype = "toy_car";
  EXPECT_EQ(ShapeNoun(truck), "toy car");
  EXPECT_EQ(ShapeNoun(Obj("box", "red")), "cube");
  EXPECT_EQ(ShapeNoun(Obj("capsule", "red")), "capsule");
  truth::ObjectInfo blob = Obj("mesh", "");
  blob.asset = "0001.ply";
  EXPECT_EQ(ShapeNoun(blob), "object");
}

}  // namespace
}  // namespace synth4d::qa
