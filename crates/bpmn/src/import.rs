//! BPMN 2.0 to the quytrinh format.
