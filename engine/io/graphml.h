#pragma once
// The alliance graph of one tick as GraphML (networks/alliances_<run_id>_<tick>.graphml).
//
// Written by hand rather than with boost::write_graphml, which formats doubles through an
// ostream at its default precision (6 significant digits). Here every double is the shortest
// form that reads back to the same bits (csv.h AppendDouble), so networkx.read_graphml
// returns exactly the engine's values.
//
// Graph: undirected, id "alliances", graph data run_id (long), tick (int), time (double).
// Nodes: id = actor id; name (string), milex, capability, resolve, revisionism (double),
// bloc (int: index of the bloc's first actor). Edges: one per pair i < j with A_ij > 0;
// depth (double), level (string, LevelName), stance (double, (S_ij + S_ji) / 2).

#include <cstdint>
#include <string>
#include <string_view>

#include "polarity/model.h"
#include "polarity/state.h"

namespace polarity::io {

// Appends `text` with XML's five special characters escaped; control characters that XML 1.0
// cannot carry (below U+0020 except tab, LF, CR) become '?'.
void AppendXmlEscaped(std::string& out, std::string_view text);

// Appends the document. `state` must hold valid metrics for its tick (ComputeMetrics).
void AppendAllianceGraphml(std::string& out, const Model& model, const State& state,
                           std::uint64_t run_id, int tick);

// "alliances_<run_id>_<tick>.graphml"
std::string AllianceGraphmlName(std::uint64_t run_id, int tick);

}  // namespace polarity::io
