#include "client.hpp"

#include <hiredis/hiredis.h>

#include <sys/time.h>

namespace renraku::core::redis {

bool Value::nil() const {
    return r_ == nullptr || r_->type == REDIS_REPLY_NIL;
}
bool Value::error() const {
    return r_ != nullptr && r_->type == REDIS_REPLY_ERROR;
}
bool Value::array() const {
    return r_ != nullptr && r_->type == REDIS_REPLY_ARRAY;
}
std::string Value::str() const {
    if (r_ == nullptr || r_->str == nullptr) return {};
    if (r_->type != REDIS_REPLY_STRING && r_->type != REDIS_REPLY_STATUS &&
        r_->type != REDIS_REPLY_ERROR)
        return {};
    return std::string(r_->str, r_->len);
}
long long Value::integer() const {
    if (r_ == nullptr) return 0;
    if (r_->type == REDIS_REPLY_INTEGER) return r_->integer;
    if (r_->type == REDIS_REPLY_STRING) {
        try {
            return std::stoll(std::string(r_->str, r_->len));
        } catch (const std::exception&) {
            return 0;
        }
    }
    return 0;
}
std::size_t Value::size() const {
    return array() ? r_->elements : 0;
}
Value Value::operator[](std::size_t i) const {
    return Value(i < size() ? r_->element[i] : nullptr);
}

void Reply::Free::operator()(redisReply* r) const {
    if (r != nullptr) freeReplyObject(r);
}

Reply::Reply(redisReply* r) : r_(r) {}

namespace {

timeval timeval_of(std::chrono::milliseconds t) {
    timeval tv{};
    tv.tv_sec = static_cast<time_t>(t.count() / 1000);
    tv.tv_usec = static_cast<suseconds_t>((t.count() % 1000) * 1000);
    return tv;
}

} // namespace

Connection::Connection(const Url& url, std::chrono::milliseconds timeout) : where_(url.text) {
    c_ = redisConnectWithTimeout(url.host.c_str(), url.port, timeval_of(timeout));
    if (c_ == nullptr) throw RedisError("Redis at " + where_ + ": cannot allocate a connection");
    if (c_->err != 0) {
        std::string why = c_->errstr;
        redisFree(c_);
        c_ = nullptr;
        throw RedisError("Redis at " + where_ + " is unreachable: " + why);
    }
    // Every read and write is bounded, as every other network call.
    redisSetTimeout(c_, timeval_of(timeout));
    if (!url.password.empty()) {
        auto r = command({"AUTH", url.password});
        if (r.value().error()) throw RedisError("Redis at " + where_ + ": " + r.value().str());
    }
    if (url.db != 0) {
        auto r = command({"SELECT", std::to_string(url.db)});
        if (r.value().error()) throw RedisError("Redis at " + where_ + ": " + r.value().str());
    }
}

Connection::~Connection() {
    if (c_ != nullptr) redisFree(c_);
}

Reply Connection::command(const std::vector<std::string>& args) {
    if (broken_) throw RedisError("Redis at " + where_ + ": connection lost");
    std::vector<const char*> argv;
    std::vector<size_t> lens;
    argv.reserve(args.size());
    lens.reserve(args.size());
    for (const auto& a : args) {
        argv.push_back(a.data());
        lens.push_back(a.size());
    }
    auto* r = static_cast<redisReply*>(
        redisCommandArgv(c_, static_cast<int>(argv.size()), argv.data(), lens.data()));
    if (r == nullptr) {
        broken_ = true;
        throw RedisError("Redis at " + where_ + ": " +
                         (c_->err != 0 ? std::string(c_->errstr) : std::string("no answer")));
    }
    return Reply(r);
}

Reply Connection::eval(Script& script, const std::vector<std::string>& keys,
                       const std::vector<std::string>& args) {
    for (int attempt = 0; attempt < 2; ++attempt) {
        std::string sha;
        {
            std::lock_guard lock(script.mutex);
            if (script.sha.empty()) {
                auto loaded = command({"SCRIPT", "LOAD", script.source});
                if (loaded.value().error())
                    throw RedisError("Redis at " + where_ +
                                     " refused a script: " + loaded.value().str());
                script.sha = loaded.value().str();
            }
            sha = script.sha;
        }
        std::vector<std::string> argv = {"EVALSHA", sha, std::to_string(keys.size())};
        argv.insert(argv.end(), keys.begin(), keys.end());
        argv.insert(argv.end(), args.begin(), args.end());
        auto r = command(argv);
        if (r.value().error() && r.value().str().rfind("NOSCRIPT", 0) == 0) {
            // The server was restarted (or flushed its scripts): load it again.
            std::lock_guard lock(script.mutex);
            script.sha.clear();
            continue;
        }
        return r;
    }
    throw RedisError("Redis at " + where_ + " keeps forgetting a script");
}

Pool::Pool(Url url, std::chrono::milliseconds timeout, std::size_t max)
    : url_(std::move(url)), timeout_(timeout), max_(max) {}

Pool::~Pool() = default;

Pool::Lease::~Lease() {
    if (pool_ != nullptr && c_) pool_->give_back(std::move(c_));
}

Pool::Lease Pool::lease() {
    std::unique_lock lock(mutex_);
    cv_.wait(lock, [&] { return !idle_.empty() || open_ < max_; });
    if (!idle_.empty()) {
        auto c = std::move(idle_.back());
        idle_.pop_back();
        return Lease(*this, std::move(c));
    }
    ++open_;
    lock.unlock();
    try {
        return Lease(*this, std::make_unique<Connection>(url_, timeout_));
    } catch (...) {
        lock.lock();
        --open_;
        cv_.notify_one();
        throw;
    }
}

void Pool::give_back(std::unique_ptr<Connection> c) {
    std::lock_guard lock(mutex_);
    if (c->broken())
        --open_; // dropped; the next lease opens a new one
    else
        idle_.push_back(std::move(c));
    cv_.notify_one();
}

void ping(Pool& pool) {
    auto c = pool.lease();
    auto pong = c->command({"PING"});
    if (pong.value().error())
        throw RedisError("Redis at " + pool.url().text + ": " + pong.value().str());
}

Periodic::Periodic(std::chrono::milliseconds period, std::function<void()> work)
    : thread_([this, period, work = std::move(work)] {
          std::unique_lock lock(mutex_);
          while (!stopping_) {
              cv_.wait_for(lock, period);
              if (stopping_) break;
              lock.unlock();
              work();
              lock.lock();
          }
      }) {}

Periodic::~Periodic() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    cv_.notify_all();
    thread_.join();
}

} // namespace renraku::core::redis
