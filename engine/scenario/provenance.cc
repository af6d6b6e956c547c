// CheckProvenance: which seeded values cite no source (an error under --strict), and which
// record a disagreement between sources (always a warning).
//
// The disagreement convention (docs/scenario_format.md, "Provenance"): a value's `note`
// names another declared source id followed by that source's number, directly or after
// "gives" (or has, reports, says, states, estimates), e.g.
//   milex: {value: 296.8, source: sipri2025, note: "article a003 gives 307.8"}

#include <algorithm>
#include <cctype>
#include <cmath>
#include <optional>

#include "polarity/scenario_loader.h"
#include "scenario/key_tables.h"
#include "scenario/labels.h"
#include "scenario/node_reader.h"

namespace polarity {
namespace loader {
namespace {

struct Disagreement {
  std::string source;
  double value;
};

// Words of a note: split at spaces and punctuation that cannot be part of an id or a
// number; a trailing '.' (end of sentence) is dropped.
std::vector<std::string> Words(const std::string& note) {
  std::vector<std::string> out;
  std::string word;
  const auto flush = [&] {
    while (!word.empty() && word.back() == '.') word.pop_back();
    if (!word.empty()) out.push_back(word);
    word.clear();
  };
  for (const char c : note) {
    const bool separator = std::isspace(static_cast<unsigned char>(c)) != 0 || std::string_view(",;:=()[]{}\"'").find(c) != std::string_view::npos;
    if (separator) {
      flush();
    } else {
      word += c;
    }
  }
  flush();
  return out;
}

// Words that may stand between a source id and its number: "a003 gives 307.8".
bool IsConnector(const std::string& word) {
  for (const char* connector : {"gives", "has", "reports", "says", "states", "estimates"}) {
    if (word == connector) return true;
  }
  return false;
}

// The first declared source other than the value's own that the note names right before a
// number ("a003 307.8", "a003: 307.8", "a003 gives 307.8").
std::optional<Disagreement> FindDisagreement(const SourcedValue& v, const std::vector<std::string>& sources) {
  if (v.note.empty()) return std::nullopt;
  const std::vector<std::string> words = Words(v.note);
  const auto number_at = [&](std::size_t k) -> std::optional<double> {
    if (k >= words.size()) return std::nullopt;
    const std::optional<double> number = ParseNumberText(words[k]);
    if (number && std::isfinite(*number)) return number;
    return std::nullopt;
  };
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (words[i] == v.source || std::find(sources.begin(), sources.end(), words[i]) == sources.end()) continue;
    std::optional<double> number = number_at(i + 1);
    if (!number && i + 1 < words.size() && IsConnector(words[i + 1])) number = number_at(i + 2);
    if (number) return Disagreement{words[i], *number};
  }
  return std::nullopt;
}

class ProvenanceCheck {
 public:
  ProvenanceCheck(const Scenario& s, bool strict, Diagnostics& out) : s_(s), strict_(strict), out_(out) {
    for (const SourceSpec& source : s.sources) sources_.push_back(source.id);
  }

  void Run() {
    for (const ActorSpec& actor : s_.actors) {
      const std::string path = "actors." + actor.id;
      for (const ActorNumberField& field : ActorNumberFields()) Check(path + "." + field.path, actor.*field.spec->actor);
      for (std::string_view map : {"capability", "allocation", "concern"}) {
        for (const auto& [domain, value] : *DomainMap(actor, map)) Check(path + "." + std::string(map) + "." + domain, value);
      }
    }
    for (const RelationSpec& r : s_.relations) {
      for (const KeySpec& spec : RelationKeys().keys) {
        if (spec.relation != nullptr) Check(RelationLabel(r) + "." + std::string(spec.key), r.*spec.relation);
      }
    }
  }

 private:
  void Check(const std::string& path, const SourcedValue& v) {
    if (!v.present) return;
    if (strict_ && !v.cited()) out_.Error(v.where, path + " cites no source");
    if (const std::optional<Disagreement> d = FindDisagreement(v, sources_)) {
      out_.Warning(v.where, path + " = " + FormatNumber(v.value) + (v.cited() ? " (" + v.source + ")" : "") +
                                ": sources disagree; " + d->source + " gives " + FormatNumber(d->value) +
                                " (note: \"" + v.note + "\")");
    }
  }

  const Scenario& s_;
  bool strict_;
  Diagnostics& out_;
  std::vector<std::string> sources_;
};

}  // namespace
}  // namespace loader

Diagnostics CheckProvenance(const Scenario& scenario, bool strict) {
  Diagnostics diagnostics;
  loader::ProvenanceCheck(scenario, strict, diagnostics).Run();
  return diagnostics;
}

}  // namespace polarity
