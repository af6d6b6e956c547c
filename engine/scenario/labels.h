#pragma once
// How messages name relations and events, and the spelling rules for ids.

#include <string>
#include <string_view>
#include <vector>

#include "polarity/scenario.h"

namespace polarity::loader {

// "JPN", or "[USA,JPN]" for a side with several names.
std::string SideText(const std::vector<std::string>& names);
// "relations.JPN-KOR" (symmetric) or "relations.PRK>USA" (directed): the --set path when
// both sides are single actors.
std::string RelationLabel(const RelationSpec& relation);
// "events.ID", or "events[INDEX]" while the id is unknown.
std::string EventLabel(std::string_view id, std::size_t index);

// Ids appear inside paths (actors.ID.FIELD, relations.A-B.FIELD, events.ID.at), so they may
// not contain the separators. Each rule: letters, digits and `_`, plus `extra`.
inline constexpr std::string_view kActorIdExtra = "";     // actor ids, group and domain names
inline constexpr std::string_view kEventIdExtra = "-";    // event ids
inline constexpr std::string_view kSourceIdExtra = "-.";  // source ids
bool IsName(std::string_view text, std::string_view extra);
// "letters, digits and '_'" (+ "'-'"...) for messages.
std::string NameRule(std::string_view extra);

}  // namespace polarity::loader
