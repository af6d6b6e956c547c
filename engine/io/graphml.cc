#include "io/graphml.h"

#include "io/csv.h"
#include "polarity/dyads.h"

namespace polarity::io {

void AppendXmlEscaped(std::string& out, std::string_view text) {
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default: {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 && c != '\t' && c != '\n' && c != '\r') {
          out.push_back('?');
        } else {
          out.push_back(c);
        }
      }
    }
  }
}

namespace {

void DataDouble(std::string& out, const char* key, double value) {
  out += "<data key=\"";
  out += key;
  out += "\">";
  AppendDouble(out, value);
  out += "</data>";
}

void DataInt(std::string& out, const char* key, std::int64_t value) {
  out += "<data key=\"";
  out += key;
  out += "\">";
  AppendInt(out, value);
  out += "</data>";
}

void DataString(std::string& out, const char* key, std::string_view value) {
  out += "<data key=\"";
  out += key;
  out += "\">";
  AppendXmlEscaped(out, value);
  out += "</data>";
}

}  // namespace

void AppendAllianceGraphml(std::string& out, const Model& model, const State& state,
                           std::uint64_t run_id, int tick) {
  out +=
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" "
      "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
      "xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
      "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n"
      "  <key id=\"run_id\" for=\"graph\" attr.name=\"run_id\" attr.type=\"long\"/>\n"
      "  <key id=\"tick\" for=\"graph\" attr.name=\"tick\" attr.type=\"int\"/>\n"
      "  <key id=\"time\" for=\"graph\" attr.name=\"time\" attr.type=\"double\"/>\n"
      "  <key id=\"name\" for=\"node\" attr.name=\"name\" attr.type=\"string\"/>\n"
      "  <key id=\"milex\" for=\"node\" attr.name=\"milex\" attr.type=\"double\"/>\n"
      "  <key id=\"capability\" for=\"node\" attr.name=\"capability\" attr.type=\"double\"/>\n"
      "  <key id=\"resolve\" for=\"node\" attr.name=\"resolve\" attr.type=\"double\"/>\n"
      "  <key id=\"revisionism\" for=\"node\" attr.name=\"revisionism\" attr.type=\"double\"/>\n"
      "  <key id=\"bloc\" for=\"node\" attr.name=\"bloc\" attr.type=\"int\"/>\n"
      "  <key id=\"depth\" for=\"edge\" attr.name=\"depth\" attr.type=\"double\"/>\n"
      "  <key id=\"level\" for=\"edge\" attr.name=\"level\" attr.type=\"string\"/>\n"
      "  <key id=\"stance\" for=\"edge\" attr.name=\"stance\" attr.type=\"double\"/>\n"
      "  <graph id=\"alliances\" edgedefault=\"undirected\">\n    ";
  DataInt(out, "run_id", static_cast<std::int64_t>(run_id));
  DataInt(out, "tick", tick);
  DataDouble(out, "time", model.start + tick * model.dt);
  out += '\n';
  const int n = model.num_actors;
  for (int i = 0; i < n; ++i) {
    out += "    <node id=\"";
    AppendXmlEscaped(out, model.actor_ids[static_cast<std::size_t>(i)]);
    out += "\">";
    DataString(out, "name", model.actor_names[static_cast<std::size_t>(i)]);
    DataDouble(out, "milex", state.milex[i]);
    DataDouble(out, "capability", state.capability_index[i]);
    DataDouble(out, "resolve", state.resolve[i]);
    DataDouble(out, "revisionism", state.revisionism[i]);
    DataInt(out, "bloc", state.bloc[i]);
    out += "</node>\n";
  }
  ForEachDyad(model, state, [&](int i, int j, const DyadValues& d) {
    if (j <= i || !(d.alliance > 0.0)) return;
    out += "    <edge source=\"";
    AppendXmlEscaped(out, model.actor_ids[static_cast<std::size_t>(i)]);
    out += "\" target=\"";
    AppendXmlEscaped(out, model.actor_ids[static_cast<std::size_t>(j)]);
    out += "\">";
    DataDouble(out, "depth", d.alliance);
    DataString(out, "level", LevelName(LevelOf(d.alliance)));
    DataDouble(out, "stance", 0.5 * (d.stance + d.reverse_stance));
    out += "</edge>\n";
  });
  out += "  </graph>\n</graphml>\n";
}

std::string AllianceGraphmlName(std::uint64_t run_id, int tick) {
  std::string name = "alliances_";
  AppendUint(name, run_id);
  name += '_';
  AppendInt(name, tick);
  name += ".graphml";
  return name;
}

}  // namespace polarity::io
