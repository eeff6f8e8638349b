#pragma once
// Where each value found so far sits in its list: an open-addressing table of (hash, position)
// pairs. A log of distinct tokens asks it once per token, and std::unordered_map's separate
// nodes made that a chain of cache misses, and every growth a walk over all of them; here a
// probe reads one flat array, and growing moves pairs without looking at the values again.

#include <cstddef>
#include <functional>
#include <optional>
#include <string_view>
#include <vector>

namespace renraku::core {

class ValueIndex {
  public:
    /// The position stored for `value`, given how to read the value stored at a position.
    template <typename ValueAt>
    std::optional<std::size_t> find(std::string_view value, std::size_t hash,
                                    const ValueAt& value_at) const {
        if (slots_.empty()) return std::nullopt;
        for (std::size_t i = hash & mask(); slots_[i].used; i = (i + 1) & mask())
            if (slots_[i].hash == hash && value_at(slots_[i].position) == value)
                return slots_[i].position;
        return std::nullopt;
    }

    /// Record the position of a value not yet in the index.
    void insert(std::size_t hash, std::size_t position) {
        if ((count_ + 1) * 2 > slots_.size()) grow();
        place(hash, position);
        ++count_;
    }

    static std::size_t hash_of(std::string_view value) {
        return std::hash<std::string_view>{}(value);
    }

  private:
    struct Slot {
        std::size_t hash = 0;
        std::size_t position = 0;
        bool used = false;
    };

    std::size_t mask() const { return slots_.size() - 1; }

    void place(std::size_t hash, std::size_t position) {
        std::size_t i = hash & mask();
        while (slots_[i].used)
            i = (i + 1) & mask();
        slots_[i] = Slot{hash, position, true};
    }

    // Half full at most, so that a probe ends soon; the size stays a power of two.
    void grow() {
        std::vector<Slot> old = std::move(slots_);
        slots_.assign(old.empty() ? 1024 : old.size() * 2, Slot{});
        for (const auto& s : old)
            if (s.used) place(s.hash, s.position);
    }

    std::vector<Slot> slots_;
    std::size_t count_ = 0;
};

} // namespace renraku::core
