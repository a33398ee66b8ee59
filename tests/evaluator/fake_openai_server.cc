#include "fake_openai_server.h"

#include <httplib.h>

#include <chrono>

namespace synth4d::evaluator::testing {

struct FakeOpenAiServer::Impl {
  ReplyFn reply;
  httplib::Server server;
  int port = 0;
  std::thread thread;
  mutable std::mutex mutex;
  std::map<std::string, Fault> faults;
  std::vector<nlohmann::json> requests;
  std::vector<std::string> authorizations;
};

std::string FakeOpenAiServer::UserText(const nlohmann::json& request) {
  std::string text;
  for (const auto& message : request.value("messages", nlohmann::json::array())) {
    const auto& content = message["content"];
    if (content.is_string()) text += content.get<std::string>();
    if (!content.is_array()) continue;
    for (const auto& part : content) {
      if (part.value("type", "") == "text") text += part.value("text", "");
    }
  }
  return text;
}

namespace {

std::string Completion(const std::string& content) {
  const nlohmann::json body = {{"id", "chatcmpl-test"},
                               {"object", "chat.completion"},
                               {"choices",
                                {{{"index", 0},
                                  {"message", {{"role", "assistant"}, {"content", content}}},
                                  {"finish_reason", "stop"}}}},
                               {"usage", {{"prompt_tokens", 1}, {"completion_tokens", 1}}}};
  return body.dump();
}

void Sleep(double seconds) { std::this_thread::sleep_for(std::chrono::duration<double>(seconds)); }

}  // namespace

FakeOpenAiServer::FakeOpenAiServer(ReplyFn reply) : impl_(std::make_unique<Impl>()) {
  impl_->reply = std::move(reply);
  Impl* impl = impl_.get();
  impl_->server.Post(
      "/v1/chat/completions", [impl](const httplib::Request& req, httplib::Response& res) {
        const nlohmann::json request = nlohmann::json::parse(req.body, nullptr, false);
        const std::string text = UserText(request);
        std::optional<Fault> fault;
        {
          const std::lock_guard<std::mutex> lock(impl->mutex);
          impl->requests.push_back(request);
          impl->authorizations.push_back(req.get_header_value("Authorization"));
          for (auto& [marker, f] : impl->faults) {
            if (f.times > 0 && text.find(marker) != std::string::npos) {
              --f.times;
              fault = f;
              break;
            }
          }
        }
        if (fault) {
          switch (fault->kind) {
            case FaultKind::kRateLimitSeconds:
              res.status = 429;
              res.set_header("Retry-After", "1");
              res.set_content(R"({"error": {"message": "rate limited", "type": "requests"}})",
                              "application/json");
              return;
            case FaultKind::kRateLimitMs:
              res.status = 429;
              res.set_header("retry-after-ms", "20");
              res.set_content(R"({"error": {"message": "rate limited"}})", "application/json");
              return;
            case FaultKind::kServerError:
              res.status = 500;
              res.set_content(R"({"error": {"message": "internal error"}})", "application/json");
              return;
            case FaultKind::kMalformedJson:
              res.status = 200;
              res.set_content(R"({"choices": [{"message": {"content": "B)", "application/json");
              return;
            case FaultKind::kBadRequest:
              res.status = 400;
              res.set_content(R"({"error": {"message": "too many images in one request"}})",
                              "application/json");
              return;
            case FaultKind::kTimeout:
            case FaultKind::kSlow:
              Sleep(fault->delay_s);
              break;
          }
        }
        res.status = 200;
        res.set_content(Completion(impl->reply(request)), "application/json");
      });
  impl_->port = impl_->server.bind_to_any_port("127.0.0.1");
  impl_->thread = std::thread([impl] { impl->server.listen_after_bind(); });
  // The socket already listens; wait for the accept loop so stop() cannot run before it.
  while (!impl_->server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

FakeOpenAiServer::~FakeOpenAiServer() {
  impl_->server.stop();
  if (impl_->thread.joinable()) impl_->thread.join();
}

std::string FakeOpenAiServer::url() const {
  return "http://127.0.0.1:" + std::to_string(impl_->port) + "/v1";
}

void FakeOpenAiServer::AddFault(const std::string& marker, Fault fault) {
  const std::lock_guard<std::mutex> lock(impl_->mutex);
  impl_->faults[marker] = fault;
}

std::vector<nlohmann::json> FakeOpenAiServer::requests() const {
  const std::lock_guard<std::mutex> lock(impl_->mutex);
  return impl_->requests;
}

std::vector<std::string> FakeOpenAiServer::authorizations() const {
  const std::lock_guard<std::mutex> lock(impl_->mutex);
  return impl_->authorizations;
}

}  // namespace synth4d::evaluator::testing
