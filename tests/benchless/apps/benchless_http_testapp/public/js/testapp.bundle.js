window.testappBundle = true;
