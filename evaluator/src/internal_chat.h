#pragma once
// Private: chat-completion body checks shared by the client and the retry classifier.
#include <string>

namespace synth4d::evaluator::internal {

// True when `body` is a chat completion with choices[0].message.content (a string or null).
bool IsWellFormedChatReply(const std::string& body);

}  // namespace synth4d::evaluator::internal
