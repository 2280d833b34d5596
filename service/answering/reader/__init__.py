"""The trained extractive reader: [question; passage window] in, start/end scores and a no-answer score out.

`windows` cuts text into the token windows the model reads (shared by training and serving), `onnx_reader`
runs the exported model at serve time (ONNX Runtime, no torch), `provision` builds that model at `setup` from
the provisioned e5 weights and the shipped fine-tuned layers, and `training` makes those layers
(`make train-reader`). DATA.md is the data card.
"""
