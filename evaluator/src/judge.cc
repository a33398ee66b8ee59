#include "synth4d/evaluator/judge.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "synth4d/core/rng.h"

namespace synth4d::evaluator {

std::string JudgePrompt(const McqItem& item, const std::vector<Option>& shown,
                        std::string_view response) {
  std::string labels;
  std::string options;
  for (const Option& option : shown) {
    labels += std::string(1, option.label) + ", ";
    options += fmt::format("{}: {}\n", option.label, option.text);
  }
  return fmt::format(
      "You grade replies to a multiple-choice question. Read the question, its options and a "
      "model's reply, and decide which single option the reply finally chose. Reply with one "
      "uppercase letter among {}or Z when the reply chose no option, chose several, or matches "
      "none of them. Reply with the letter only.\n\nQuestion: {}\nOptions:\n{}\nModel reply:\n"
      "{}\n\nLetter:",
      labels, item.question, options, response);
}

namespace {

class ChatJudge final : public AnswerJudge {
 public:
  ChatJudge(HttpTransport& transport, ChatEndpoint endpoint, RetryPolicy policy)
      : transport_(transport), endpoint_(std::move(endpoint)), policy_(policy) {}

  core::Result<Extraction> Judge(const McqItem& item, const std::vector<Option>& shown,
                                 std::string_view response) override {
    nlohmann::json request;
    request["model"] = endpoint_.model;
    request["temperature"] = 0;
    request["max_tokens"] = 16;
    request["messages"] = nlohmann::json::array(
        {{{"role", "user"}, {"content", JudgePrompt(item, shown, response)}}});
    core::Rng rng(core::Fnv1a64(item.id));
    SYNTH4D_ASSIGN_OR_RETURN(
        ChatReply reply, PostChatCompletion(transport_, endpoint_, request.dump(), policy_, rng));
    Extraction read = ExtractLabelOnly(reply.content, static_cast<int>(shown.size()));
    if (read.status == ExtractStatus::kAnswered) {
      read.rule = "judge";
    } else {
      read = Extraction{ExtractStatus::kInvalid, -1, "judge_none"};
    }
    return read;
  }

 private:
  HttpTransport& transport_;
  ChatEndpoint endpoint_;
  RetryPolicy policy_;
};

}  // namespace

std::unique_ptr<AnswerJudge> MakeChatJudge(HttpTransport& transport, ChatEndpoint endpoint,
                                           RetryPolicy policy) {
  return std::make_unique<ChatJudge>(transport, std::move(endpoint), policy);
}

}  // namespace synth4d::evaluator
