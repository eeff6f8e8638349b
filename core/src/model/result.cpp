#include "result.hpp"

namespace renraku::core {

const char* recommend_name(Recommend r) {
    switch (r) {
    case Recommend::to:
        return "to";
    case Recommend::cc:
        return "cc";
    case Recommend::alt:
        return "alt";
    }
    return "alt";
}

const char* error_kind_name(ErrorKind k) {
    switch (k) {
    case ErrorKind::transient:
        return "transient";
    case ErrorKind::permanent:
        return "permanent";
    case ErrorKind::bad_answer:
        return "bad_answer";
    case ErrorKind::not_asked:
        return "not_asked";
    case ErrorKind::bad_input:
        return "bad_input";
    }
    return "transient";
}

ErrorKind error_kind_of(sdk::Outcome::Status s) {
    switch (s) {
    case sdk::Outcome::Status::permanent:
        return ErrorKind::permanent;
    case sdk::Outcome::Status::bad_answer:
        return ErrorKind::bad_answer;
    default:
        return ErrorKind::transient;
    }
}

} // namespace renraku::core
