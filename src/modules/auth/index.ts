export { AuthModule } from './auth.module.js';
export { AuthService, type CredentialSource } from './auth.service.js';
export { HttpSecurity } from './http/http-security.js';
export { credentialFromWebSocketProtocols } from './http/credentials.js';
