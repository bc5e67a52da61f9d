// Everything a model or a lesson needs: #include <tracegrad/tracegrad.hpp>
#pragma once
#include "tracegrad/gradcheck.hpp"
#include "tracegrad/node.hpp"
#include "tracegrad/ops.hpp"
#include "tracegrad/tape.hpp"
#include "tracegrad/tensor.hpp"
#include "tracegrad/tensor_ops.hpp"
