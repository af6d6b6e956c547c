#pragma once
// Umbrella header: the whole public API of the Polarity engine.
#include "polarity/diagnostics.h"
#include "polarity/dyads.h"
#include "polarity/generate.h"
#include "polarity/model.h"
#include "polarity/parameters.h"
#include "polarity/scenario.h"
#include "polarity/scenario_loader.h"
#include "polarity/scenario_writer.h"
#include "polarity/simulation.h"
#include "polarity/state.h"
#include "polarity/tie_set.h"
