// The workbench's HTTP server: cpp-httplib moves the bytes, Api answers.

#include "http_server.hpp"

#include "../runtime/runtime.hpp"
#include "../util/random.hpp"
#include "api.hpp"
#include "page.hpp"
#include "workbench.hpp"

#include <httplib.h>

#include <csignal>
#include <memory>
#include <ostream>

namespace fs = std::filesystem;

namespace renraku::core::server {

bool split_listen(const std::string& listen, std::string& host, int& port) {
    auto colon = listen.rfind(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 >= listen.size()) return false;
    host = listen.substr(0, colon);
    if (host.size() > 2 && host.front() == '[' && host.back() == ']')
        host = host.substr(1, host.size() - 2);
    std::string p = listen.substr(colon + 1);
    if (p.size() > 5 || p.find_first_not_of("0123456789") != std::string::npos) return false;
    port = std::stoi(p);
    return port <= 65535;
}

bool is_loopback_host(const std::string& host) {
    return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

namespace {

httplib::Server* g_server = nullptr;

extern "C" void stop_serving(int) {
    if (g_server != nullptr) g_server->stop();
}

// Every reply stays on this origin: no frame, no sniffing, no script or style from elsewhere
// or inline, no referrer, nothing cached.
void secure_headers(httplib::Response& res) {
    res.set_header("Content-Security-Policy",
                   "default-src 'self'; frame-ancestors 'none'; form-action 'none'; "
                   "base-uri 'none'");
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("X-Frame-Options", "DENY");
    res.set_header("Referrer-Policy", "no-referrer");
    res.set_header("Cache-Control", "no-store");
}

ApiRequest request_of(const httplib::Request& req) {
    ApiRequest r;
    r.method = req.method;
    r.path = req.path;
    for (const auto& [name, value] : req.headers) {
        std::string lower = name;
        for (auto& c : lower)
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        r.headers[lower] = value;
    }
    r.body = req.body;
    return r;
}

void put(httplib::Response& res, const ApiReply& reply) {
    res.status = reply.status;
    res.set_content(reply.body, reply.content_type.c_str());
}

fs::path default_work() {
    const char* state = std::getenv("XDG_STATE_HOME");
    const char* home = std::getenv("HOME");
    if (state != nullptr && *state == '/') return fs::path(state) / "renraku" / "serve";
    if (home != nullptr && *home == '/') return fs::path(home) / ".local/state/renraku/serve";
    return fs::current_path() / "renraku-serve";
}

} // namespace

int serve(const ServeOptions& options, std::ostream& out, std::ostream& err) {
    std::string host;
    int port = 0;
    if (!split_listen(options.listen, host, port)) {
        err << "renraku: serve: --listen \"" << options.listen << "\" is not HOST:PORT\n";
        return 2;
    }
    const bool tls = !options.tls_cert.empty() || !options.tls_key.empty();
    if (tls && (options.tls_cert.empty() || options.tls_key.empty())) {
        err << "renraku: serve: --tls-cert and --tls-key go together\n";
        return 2;
    }
    if (!is_loopback_host(host) && !tls) {
        err << "renraku: serve: --listen " << options.listen
            << " is not loopback: the token and the drafts would cross the network in clear; "
               "give --tls-cert FILE --tls-key FILE\n";
        return 2;
    }
    std::unique_ptr<Workbench> bench;
    try {
        bench = std::make_unique<Workbench>(prepare_runtime(options.config, {}),
                                            options.work.empty() ? default_work() : options.work);
    } catch (const ConfigError& e) {
        err << "renraku: " << e.what() << "\n";
        return 2;
    }
    const std::string token = random_base32(32);
    Api api(*bench, token);

    std::unique_ptr<httplib::Server> svr;
    if (tls) {
        svr =
            std::make_unique<httplib::SSLServer>(options.tls_cert.c_str(), options.tls_key.c_str());
        if (!svr->is_valid()) {
            err << "renraku: serve: cannot use " << options.tls_cert.string() << " and "
                << options.tls_key.string() << " as the TLS certificate and key\n";
            return 2;
        }
    } else {
        svr = std::make_unique<httplib::Server>();
    }
    svr->set_payload_max_length(kMaxBodyBytes);
    svr->set_read_timeout(30, 0);
    svr->set_write_timeout(30, 0);
    svr->set_keep_alive_max_count(100);

    // A page of another site may point a browser at this port (DNS rebinding): only requests
    // that name this server as their host are answered.
    auto host_ok = [&](const httplib::Request& req) {
        std::string h = req.get_header_value("Host");
        std::string name = h.substr(0, h.rfind(':'));
        if (name.size() > 2 && name.front() == '[') name = name.substr(1, name.size() - 2);
        return name == host || (is_loopback_host(host) && is_loopback_host(name));
    };
    svr->set_pre_routing_handler([&](const httplib::Request& req, httplib::Response& res) {
        secure_headers(res);
        if (!host_ok(req)) {
            put(res, error_reply(421, "this server answers for " + options.listen + " only"));
            return httplib::Server::HandlerResponse::Handled;
        }
        return httplib::Server::HandlerResponse::Unhandled;
    });
    svr->set_error_handler([](const httplib::Request&, httplib::Response& res) {
        if (!res.body.empty()) return;
        if (res.status == 413)
            put(res, error_reply(413, "the request is larger than 16 MiB"));
        else
            put(res, error_reply(res.status, "the request cannot be answered"));
    });
    auto page = [](const httplib::Request& req, httplib::Response& res) {
        if (const PageAsset* a = page_asset(req.path)) {
            res.set_content(std::string(a->body), std::string(a->content_type).c_str());
            return;
        }
        put(res, error_reply(404, "no such page"));
    };
    svr->Get("/", page);
    svr->Get("/app.js", page);
    svr->Get("/app.css", page);
    auto api_call = [&](const httplib::Request& req, httplib::Response& res) {
        ApiRequest r = request_of(req);
        if (api.wants_stream(r)) {
            if (auto no = api.refused(r)) return put(res, *no);
            res.set_chunked_content_provider(
                "text/event-stream", [&api, r](std::size_t, httplib::DataSink& sink) {
                    auto write = [&](const std::string& event) {
                        return sink.is_writable() && sink.write(event.data(), event.size());
                    };
                    auto refusal = api.stream_lookup(r, write);
                    if (refusal && refusal->status != 200)
                        write("event: error\ndata: " + refusal->body + "\n\n");
                    sink.done();
                    return true;
                });
            return;
        }
        put(res, api.handle(r));
    };
    svr->Get(R"(/api/.*)", api_call);
    svr->Post(R"(/api/.*)", api_call);
    svr->Put(R"(/api/.*)", api_call);

    if (port == 0)
        port = svr->bind_to_any_port(host);
    else if (!svr->bind_to_port(host, port))
        port = -1;
    if (port <= 0) {
        err << "renraku: serve: cannot listen on " << options.listen << "\n";
        return 2;
    }
    std::string shown_host = host.find(':') != std::string::npos ? "[" + host + "]" : host;
    out << "renraku serve: open " << (tls ? "https://" : "http://") << shown_host << ":" << port
        << "/#token=" << token << "\n"
        << "renraku serve: the work folder is " << bench->work().string() << "; Ctrl-C stops\n";
    out.flush();
    g_server = svr.get();
    std::signal(SIGINT, stop_serving);
    std::signal(SIGTERM, stop_serving);
    svr->listen_after_bind();
    g_server = nullptr;
    return 0;
}

} // namespace renraku::core::server
