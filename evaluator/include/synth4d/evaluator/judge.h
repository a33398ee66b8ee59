#pragma once
// An LLM judge for the replies the extraction rules cannot read (and only those).
#include <memory>
#include <string_view>
#include <vector>

#include "synth4d/core/result.h"
#include "synth4d/evaluator/benchmark.h"
#include "synth4d/evaluator/chat_client.h"
#include "synth4d/evaluator/extract.h"

namespace synth4d::evaluator {

// Maps an unreadable reply to one of the `shown` options, or to none.
class AnswerJudge {
 public:
  virtual ~AnswerJudge() = default;
  // Returns kAnswered with rule "judge", kInvalid with rule "judge_none" when the judge finds no
  // option, or an error when the judge could not be asked.
  virtual core::Result<Extraction> Judge(const McqItem& item, const std::vector<Option>& shown,
                                         std::string_view response) = 0;
};

// A judge that asks an OpenAI-compatible model with VLMEvalKit's option-matching prompt
// (temperature 0) and reads its reply with ExtractLabelOnly. `transport` must outlive the judge.
std::unique_ptr<AnswerJudge> MakeChatJudge(HttpTransport& transport, ChatEndpoint endpoint,
                                           RetryPolicy policy);

// The judge prompt for one reply (exposed for tests and docs).
std::string JudgePrompt(const McqItem& item, const std::vector<Option>& shown,
                        std::string_view response);

}  // namespace synth4d::evaluator
