#pragma once
// A small Redis client over hiredis: a URL, connections with timeouts on every call, a bounded
// pool shared by threads, and server-side scripts (loaded once, run by their digest). Replies
// are owned and freed by RAII; any I/O failure is a RedisError, never a crash or a hang.

#include "../config/redis_url.hpp"

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

struct redisContext;
struct redisReply;

namespace renraku::core::redis {

class RedisError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

using Url = RedisUrl;

/// A view of one (possibly nested) reply.
class Value {
  public:
    explicit Value(const redisReply* r) : r_(r) {}
    bool nil() const;
    bool error() const;
    bool array() const;
    std::string str() const; // a string, status or error reply's text; "" otherwise
    long long integer() const;
    std::size_t size() const; // elements of an array
    Value operator[](std::size_t i) const;

  private:
    const redisReply* r_;
};

/// An owned reply.
class Reply {
  public:
    explicit Reply(redisReply* r);
    Value value() const { return Value(r_.get()); }

  private:
    struct Free {
        void operator()(redisReply* r) const;
    };
    std::unique_ptr<redisReply, Free> r_;
};

/// A Lua script run on the server (atomic there). Its digest is learnt when first loaded.
struct Script {
    explicit Script(std::string source) : source(std::move(source)) {}
    std::string source;
    std::mutex mutex;
    std::string sha;
};

/// One connection; not shared between threads (the Pool hands them out).
class Connection {
  public:
    Connection(const Url& url, std::chrono::milliseconds timeout);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    /// Run one command; an error reply comes back as a Reply (Value::error()); an I/O failure
    /// throws RedisError and leaves the connection broken.
    Reply command(const std::vector<std::string>& args);
    /// EVALSHA, loading the script first (or again, after a server restart).
    Reply eval(Script& script, const std::vector<std::string>& keys,
               const std::vector<std::string>& args);
    bool broken() const { return broken_; }

  private:
    redisContext* c_ = nullptr;
    bool broken_ = false;
    std::string where_;
};

/// Connections shared by the threads of a run: at most `max` at once.
class Pool {
  public:
    Pool(Url url, std::chrono::milliseconds timeout, std::size_t max = 16);
    ~Pool();

    class Lease {
      public:
        Lease(Pool& pool, std::unique_ptr<Connection> c) : pool_(&pool), c_(std::move(c)) {}
        Lease(Lease&&) noexcept = default;
        Lease& operator=(Lease&&) = delete;
        Lease(const Lease&) = delete;
        ~Lease();
        Connection* operator->() { return c_.get(); }

      private:
        Pool* pool_;
        std::unique_ptr<Connection> c_;
    };
    /// A connection, opened when none is idle; throws RedisError when the server cannot be
    /// reached.
    Lease lease();
    const Url& url() const { return url_; }

  private:
    void give_back(std::unique_ptr<Connection> c);
    Url url_;
    std::chrono::milliseconds timeout_;
    std::size_t max_;
    std::mutex mutex_;
    std::condition_variable cv_;
    std::vector<std::unique_ptr<Connection>> idle_;
    std::size_t open_ = 0;
};

/// Throws RedisError unless the server answers PING now.
void ping(Pool& pool);

/// Runs `work` every `period` on a thread of its own, until destroyed (which waits for a run
/// in progress). For leases that must be renewed while they are held.
class Periodic {
  public:
    Periodic(std::chrono::milliseconds period, std::function<void()> work);
    ~Periodic();
    Periodic(const Periodic&) = delete;
    Periodic& operator=(const Periodic&) = delete;

  private:
    std::mutex mutex_;
    std::condition_variable cv_;
    bool stopping_ = false;
    std::thread thread_;
};

} // namespace renraku::core::redis
